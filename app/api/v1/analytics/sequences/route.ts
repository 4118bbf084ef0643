import { analyticsRoute } from '@/lib/analytics/question';
import { sequencesQuestion } from '@/lib/analytics/queries/sequences';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(sequencesQuestion);
