import { analyticsRoute } from '@/lib/analytics/question';
import { overviewQuestion } from '@/lib/analytics/queries/overview';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(allowedRoles('/api/v1/analytics/overview', 'GET'), overviewQuestion);
