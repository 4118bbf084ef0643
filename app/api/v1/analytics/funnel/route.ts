import { analyticsRoute } from '@/lib/analytics/question';
import { funnelQuestion } from '@/lib/analytics/queries/funnel';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(funnelQuestion);
