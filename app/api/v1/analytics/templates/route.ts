import { analyticsRoute } from '@/lib/analytics/question';
import { templatesQuestion } from '@/lib/analytics/queries/templates';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(templatesQuestion);
