import { analyticsRoute } from '@/lib/analytics/question';
import { overviewQuestion } from '@/lib/analytics/queries/overview';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(overviewQuestion);
