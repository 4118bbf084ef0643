import { analyticsRoute } from '@/lib/analytics/question';
import { trafficQuestion } from '@/lib/analytics/queries/traffic';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(allowedRoles('/api/v1/analytics/traffic', 'GET'), trafficQuestion);
