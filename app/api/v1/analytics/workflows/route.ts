import { analyticsRoute } from '@/lib/analytics/question';
import { workflowsQuestion } from '@/lib/analytics/queries/workflows';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(workflowsQuestion);
