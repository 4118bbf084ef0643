import { analyticsRoute } from '@/lib/analytics/question';
import { messagesQuestion } from '@/lib/analytics/queries/messages';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(messagesQuestion);
