import { analyticsRoute } from '@/lib/analytics/question';
import { funnelQuestion } from '@/lib/analytics/queries/funnel';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(allowedRoles('/api/v1/analytics/funnel', 'GET'), funnelQuestion);
