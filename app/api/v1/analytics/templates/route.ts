import { analyticsRoute } from '@/lib/analytics/question';
import { templatesQuestion } from '@/lib/analytics/queries/templates';
import { allowedRoles } from '@/lib/auth/policy';

export const dynamic = 'force-dynamic';

export const GET = analyticsRoute(allowedRoles('/api/v1/analytics/templates', 'GET'), templatesQuestion);
