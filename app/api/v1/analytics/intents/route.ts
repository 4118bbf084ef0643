import { analyticsRoute } from '@/lib/analytics/question';
import { intentsQuestion } from '@/lib/analytics/queries/intents';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(intentsQuestion);
