/** Response schemas of the caller routes: what the JSON answers look like, for the API document and its contract test. */
import { z } from 'zod';
import { roleSchema } from '@/lib/auth/roles';

/** GET /api/v1/me: the caller as the API sees it. */
export const meResponse = z.object({ workspaceId: z.uuid(), role: roleSchema, via: z.enum(['session', 'api_key']) });
