import { analyticsRoute } from '@/lib/analytics/question';
import { sequencesQuestion } from '@/lib/analytics/queries/sequences';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(allowedRoles('/api/v1/analytics/sequences', 'GET'), sequencesQuestion);
