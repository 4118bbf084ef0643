import { analyticsRoute } from '@/lib/analytics/question';
import { campaignsQuestion } from '@/lib/analytics/queries/campaigns';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(allowedRoles('/api/v1/analytics/campaigns', 'GET'), campaignsQuestion);
