import { analyticsRoute } from '@/lib/analytics/question';
import { trafficQuestion } from '@/lib/analytics/queries/traffic';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(trafficQuestion);
