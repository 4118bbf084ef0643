import { analyticsRoute } from '@/lib/analytics/question';
import { workflowsQuestion } from '@/lib/analytics/queries/workflows';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(allowedRoles('/api/v1/analytics/workflows', 'GET'), workflowsQuestion);
