import { analyticsRoute } from '@/lib/analytics/question';
import { campaignsQuestion } from '@/lib/analytics/queries/campaigns';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(campaignsQuestion);
