import { analyticsRoute } from '@/lib/analytics/question';
import { messagesQuestion } from '@/lib/analytics/queries/messages';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(allowedRoles('/api/v1/analytics/messages', 'GET'), messagesQuestion);
