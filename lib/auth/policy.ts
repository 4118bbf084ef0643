import { ADMIN_ONLY, CAN_EDIT, CAN_READ, type Role } from '@/lib/auth/roles';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A route anyone may call: it authenticates by other means (a signature, a signed token) or serves no tenant data. */
export const PUBLIC = 'public';
export type Access = readonly Role[] | typeof PUBLIC;

/**
 * Who may call each route handler, by path (as under `app/`) and method: the one place access rules are declared.
 * Route handlers take their roles from here (`allowedRoles`), and the access-matrix test calls every handler it finds
 * on disk against this table, so a route without an entry fails the suite.
 */
export const ROUTE_POLICY = {
  '/api/attributes': { GET: CAN_READ, POST: CAN_EDIT },
  '/api/campaigns': { GET: CAN_READ, POST: CAN_EDIT },
  '/api/campaigns/send-time': { GET: CAN_READ },
  '/api/campaigns/[id]': { GET: CAN_READ, PATCH: CAN_EDIT, DELETE: CAN_EDIT },
  '/api/campaigns/[id]/contacts': { GET: CAN_READ },
  '/api/campaigns/[id]/stats': { GET: CAN_READ },
  '/api/campaigns/[id]/stats/invalidate': { POST: ADMIN_ONLY },
  '/api/campaigns/[id]/status': { PUT: CAN_EDIT },
  '/api/campaigns/[id]/summary': { GET: CAN_READ },
  '/api/flows': { GET: CAN_READ, POST: CAN_EDIT },
  '/api/flows/[id]': { GET: CAN_READ, PATCH: CAN_EDIT, DELETE: CAN_EDIT },
  '/api/flows/[id]/copy': { POST: CAN_EDIT },
  '/api/imports': { POST: CAN_EDIT },
  '/api/imports/uploads': { POST: CAN_EDIT },
  '/api/imports/[id]': { GET: CAN_READ, DELETE: CAN_EDIT },
  '/api/imports/[id]/chunks': { GET: CAN_EDIT },
  '/api/imports/[id]/chunks/[index]': { PUT: CAN_EDIT },
  '/api/imports/[id]/complete': { POST: CAN_EDIT },
  '/api/imports/[id]/rejects.csv': { GET: CAN_READ },
  '/api/imports/[id]/start': { POST: CAN_EDIT },
  '/api/segments': { GET: CAN_READ, POST: CAN_EDIT },
  '/api/segments/preview': { POST: CAN_READ },
  '/api/segments/[id]': { GET: CAN_READ, PUT: CAN_EDIT, DELETE: CAN_EDIT },
  '/api/templates': { GET: CAN_READ, POST: CAN_EDIT },
  '/api/templates/preview': { POST: CAN_READ },
  '/api/templates/[id]': { GET: CAN_READ, PUT: CAN_EDIT, DELETE: CAN_EDIT },
  '/api/templates/[id]/test-send': { POST: CAN_EDIT },
  '/api/v1/analytics/campaigns': { GET: CAN_READ },
  '/api/v1/analytics/funnel': { GET: CAN_READ },
  '/api/v1/analytics/intents': { GET: CAN_READ },
  '/api/v1/analytics/messages': { GET: CAN_READ },
  '/api/v1/analytics/overview': { GET: CAN_READ },
  '/api/v1/analytics/sequences': { GET: CAN_READ },
  '/api/v1/analytics/templates': { GET: CAN_READ },
  '/api/v1/analytics/traffic': { GET: CAN_READ },
  '/api/v1/analytics/workflows': { GET: CAN_READ },
  '/api/v1/contacts': { GET: CAN_READ, POST: CAN_EDIT },
  '/api/v1/events': { POST: CAN_EDIT },
  '/api/v1/me': { GET: CAN_READ },
  '/api/v1/qr/[code]/redeem': { POST: CAN_EDIT },
  // Public: the health probe, next-auth's own endpoints, Inngest (signed by its key), provider webhooks (signed),
  // and the tracking links (HMAC-signed tokens).
  '/api/health': { GET: PUBLIC },
  '/api/openapi.json': { GET: PUBLIC },
  '/api/auth/[...nextauth]': { GET: PUBLIC, POST: PUBLIC },
  '/api/inngest': { GET: PUBLIC, POST: PUBLIC, PUT: PUBLIC },
  '/api/webhooks/herald': { POST: PUBLIC },
  '/api/webhooks/sendgrid': { POST: PUBLIC },
  '/api/webhooks/ses': { POST: PUBLIC },
  '/api/channels/twilio/status': { POST: PUBLIC },
  '/api/channels/twilio/voice': { POST: PUBLIC },
  '/api/channels/twilio/answer': { POST: PUBLIC },
  '/api/channels/twilio/inbound': { POST: PUBLIC },
  '/t/c/[token]': { GET: PUBLIC },
  '/t/o/[token]': { GET: PUBLIC },
  '/t/q/[token]': { GET: PUBLIC },
  '/t/u/[token]': { GET: PUBLIC, POST: PUBLIC },
  '/t/v/[token]': { GET: PUBLIC },
} as const satisfies Record<string, Partial<Record<HttpMethod, Access>>>;

/**
 * Who may call each server action, by module (as under `app/`, without `.ts`) and exported name. Actions take their
 * roles from here (`actionRoles`); the access-matrix test calls every exported action against this table.
 */
export const ACTION_POLICY = {
  '/(app)/contacts/actions': { saveContactChannelsAction: CAN_EDIT },
  '/(app)/campaigns/actions': { saveCampaignStepAction: CAN_EDIT, changeCampaignStatusAction: CAN_EDIT, deleteCampaignAction: CAN_EDIT, chooseWinnerAction: CAN_EDIT },
  '/(app)/flows/actions': {
    createFlowAction: CAN_EDIT,
    saveFlowDetailsAction: CAN_EDIT,
    addFlowStepAction: CAN_EDIT,
    updateFlowStepAction: CAN_EDIT,
    moveFlowStepAction: CAN_EDIT,
    removeFlowStepAction: CAN_EDIT,
    copyFlowAction: CAN_EDIT,
    deleteFlowAction: CAN_EDIT,
  },
  '/(app)/segments/actions': { saveSegmentAction: CAN_EDIT, deleteSegmentAction: CAN_EDIT },
  '/(app)/templates/actions': { saveTemplateAction: CAN_EDIT, deleteTemplateAction: CAN_EDIT, sendTestAction: CAN_EDIT },
  '/(app)/settings/actions': { addMemberAction: ADMIN_ONLY, setRoleAction: ADMIN_ONLY, removeMemberAction: ADMIN_ONLY, createApiKeyAction: ADMIN_ONLY, revokeApiKeyAction: ADMIN_ONLY, saveEngagementAction: ADMIN_ONLY },
  '/(auth)/sign-in/actions': { signInAction: PUBLIC },
} as const satisfies Record<string, Record<string, Access>>;

export type RoutePath = keyof typeof ROUTE_POLICY;
type MethodOf<P extends RoutePath> = keyof (typeof ROUTE_POLICY)[P] & HttpMethod;
type Protected = { [P in RoutePath]: { [M in MethodOf<P>]: (typeof ROUTE_POLICY)[P][M] extends typeof PUBLIC ? never : M }[MethodOf<P>] };

/** The access of one route and method, or undefined when the table has no entry for it. */
export function accessOf(path: string, method: string): Access | undefined {
  return (ROUTE_POLICY as Record<string, Partial<Record<string, Access>>>)[path]?.[method];
}

/** The roles the table allows on a protected route: what a route handler hands to `api()`. */
export function allowedRoles<P extends RoutePath>(path: P, method: Protected[P]): readonly Role[] {
  const access = accessOf(path, method);
  if (!access || access === PUBLIC) throw new Error(`No role policy for ${method} ${path}`);
  return access;
}

type ActionModule = keyof typeof ACTION_POLICY;
type ProtectedAction = { [F in ActionModule]: { [A in keyof (typeof ACTION_POLICY)[F]]: (typeof ACTION_POLICY)[F][A] extends typeof PUBLIC ? never : A }[keyof (typeof ACTION_POLICY)[F]] };

/** The access of one server action, or undefined when the table has no entry for it. */
export function actionAccessOf(module: string, name: string): Access | undefined {
  return (ACTION_POLICY as Record<string, Record<string, Access>>)[module]?.[name];
}

/** The roles the table allows on a protected server action: what the action hands to `requireRole`. */
export function actionRoles<F extends ActionModule>(module: F, name: ProtectedAction[F]): readonly Role[] {
  const access = actionAccessOf(module, name as string);
  if (!access || access === PUBLIC) throw new Error(`No role policy for server action ${module}#${String(name)}`);
  return access;
}
