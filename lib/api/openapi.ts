/**
 * The OpenAPI 3.1 document of Herald's API, generated from the route registry: request schemas are the zod schemas
 * the handlers validate with (as their input side), answers the zod schemas of lib/<domain>/responses.ts.
 */
import { z } from 'zod';
import { operations, type Auth, type Operation } from '@/lib/api/registry';

type Json = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: Json;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  security: Record<string, string[]>[];
  'x-roles'?: readonly string[];
  parameters: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: Json }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Json }> }>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  tags: { name: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

const DESCRIPTION = [
  'Every list answers `{ items, nextCursor }` (some add `total`) and pages with `?cursor=&limit=`: the cursor is opaque,',
  '`limit` defaults to 50 and is at most 200. Pass `nextCursor` back as `cursor` until it is null.',
  'Every failure answers `{ error, fieldErrors? }`: a 400 names each bad field. Analytics under `/api/v1/analytics` keep',
  "seed 003's envelope `{ success: true, data }`, and campaign stats seed 004's snake_case shape.",
  'Authenticate with a session cookie (the app) or `Authorization: Bearer <API key>` (Settings → API keys).',
].join(' ');

/** Moves a generated schema's `$defs` into components (JSON pointers in a schema are relative to the document). */
function hoist(schema: Json, prefix: string, components: Record<string, Json>): Json {
  const { $schema: _dialect, $defs, ...rest } = schema as Json & { $defs?: Record<string, Json> };
  void _dialect;
  const names = new Map(Object.keys($defs ?? {}).map((d) => [`#/$defs/${d}`, `#/components/schemas/${prefix}.${d.replace(/[^\w.-]/g, '_')}`]));
  let selfRef = false;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== 'object') return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        if (v === '#') selfRef = true;
        out[k] = v === '#' ? `#/components/schemas/${prefix}` : (names.get(v) ?? v);
      } else out[k] = rewrite(v);
    }
    return out;
  };
  for (const [d, def] of Object.entries($defs ?? {})) components[names.get(`#/$defs/${d}`)!.split('/').pop()!] = rewrite(def) as Json;
  const body = rewrite(rest) as Json;
  if (!selfRef) return body;
  components[prefix] = body;
  return { $ref: `#/components/schemas/${prefix}` };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output', prefix: string, components: Record<string, Json>): Json {
  return hoist(z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Json, prefix, components);
}

/** The top-level properties of object schemas, one parameter each. */
function parametersOf(schemas: z.ZodType[], where: 'path' | 'query', prefix: string, components: Record<string, Json>): OpenApiParameter[] {
  return schemas.flatMap((schema, i) => {
    const object = jsonSchema(schema, 'input', `${prefix}.${where}${i}`, components) as { properties?: Record<string, Json>; required?: string[] };
    return Object.entries(object.properties ?? {}).map(([name, s]) => {
      const { description, ...rest } = s as Json & { description?: string };
      return { name, in: where, required: where === 'path' || (object.required ?? []).includes(name), ...(description ? { description: String(description) } : {}), schema: rest };
    });
  });
}

function security(auth: Auth): { security: Record<string, string[]>[]; note: string; roles?: readonly string[] } {
  if (auth.kind === 'public') return { security: [], note: 'No authentication.' };
  if (auth.kind === 'signature') return { security: [{ [auth.header === 'X-Herald-Signature' ? 'heraldSignature' : 'sendgridSignature']: [] }], note: `Signed: \`${auth.header}\`.` };
  return { security: [{ apiKey: [] }, { session: [] }], note: `Roles: ${auth.roles.join(', ')}.`, roles: auth.roles };
}

const operationId = (op: Operation) =>
  `${op.method}${op.path.replace(/^\/api/, '').replace(/\.(\w+)/g, '_$1').replace(/\{(\w+)\}/g, 'By_$1').split(/[/_-]/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')}`;

function operationOf(op: Operation, components: Record<string, Json>): OpenApiOperation {
  const id = operationId(op);
  const { security: sec, note, roles } = security(op.auth);
  const query = op.query === undefined ? [] : Array.isArray(op.query) ? op.query : [op.query];
  const responses: OpenApiOperation['responses'] = {};
  for (const [status, answer] of Object.entries(op.responses)) {
    if (!answer) continue;
    const content: Record<string, { schema: Json }> = {};
    if (answer.schema) content['application/json'] = { schema: jsonSchema(answer.schema, 'output', `${id}.${status}`, components) };
    if (answer.contentType) content[answer.contentType] = { schema: { type: 'string' } };
    responses[status] = { description: answer.description, ...(Object.keys(content).length ? { content } : {}) };
  }
  return {
    operationId: id,
    summary: op.summary,
    description: note,
    tags: [op.tag],
    security: sec,
    ...(roles ? { 'x-roles': roles } : {}),
    parameters: [...(op.params ? parametersOf([op.params], 'path', id, components) : []), ...parametersOf(query, 'query', id, components)],
    ...(op.body
      ? { requestBody: { required: true, content: { [op.bodyContentType ?? 'application/json']: { schema: jsonSchema(op.body, 'input', `${id}.body`, components) } } } }
      : {}),
    responses,
  };
}

let cached: OpenApiDocument | undefined;

/** Built once per process: the registry and its schemas do not change while it runs. */
export function openApiDocument(): OpenApiDocument {
  if (cached) return cached;
  const components: Record<string, Json> = {};
  const paths: OpenApiDocument['paths'] = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = operationOf(op, components);
  cached = {
    openapi: '3.1.0',
    info: { title: 'Herald API', version: '1.0.0', description: DESCRIPTION },
    servers: [{ url: '/' }],
    tags: [...new Set(operations.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key of the workspace (Settings → API keys)' },
        session: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token', description: 'The app’s session; mutations must come from the same origin' },
        heraldSignature: { type: 'apiKey', in: 'header', name: 'X-Herald-Signature', description: '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` with HERALD_WEBHOOK_SECRET' },
        sendgridSignature: { type: 'apiKey', in: 'header', name: 'X-Twilio-Email-Event-Webhook-Signature', description: 'SendGrid’s ECDSA signature (with X-Twilio-Email-Event-Webhook-Timestamp)' },
      },
    },
  };
  return cached;
}
