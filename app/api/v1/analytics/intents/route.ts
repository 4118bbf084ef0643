import { analyticsRoute } from '@/lib/analytics/question';
import { intentsQuestion } from '@/lib/analytics/queries/intents';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(allowedRoles('/api/v1/analytics/intents', 'GET'), intentsQuestion);
