/**
 * Every operation of Herald's HTTP API: path, method, who may call it, the zod schemas its handler validates the
 * request with, and a zod schema per answer. The OpenAPI document (lib/api/openapi.ts) is generated from this
 * list, and tests/api/contract.test.ts holds every route file and every real answer to it.
 */
import { z } from 'zod';
import { accessOf, PUBLIC } from '@/lib/auth/policy';
import type { Role } from '@/lib/auth/roles';
import { pageQuerySchema } from '@/lib/http/pagination';
import { declareAttributeSchema } from '@/lib/contacts/attributes';
import { contactBatchSchema, contactInputSchema, contactListQuerySchema } from '@/lib/contacts/schema';
import { attributePageResponse, attributeResponse, contactPageResponse, contactUpsertResponse } from '@/lib/contacts/responses';
import { campaignPageQuerySchema, campaignPatchSchema, newCampaignSchema, statusChangeSchema } from '@/lib/campaigns/schema';
import { sendTimeQuerySchema } from '@/lib/campaigns/send-time';
import {
  campaignDeletedResponse,
  campaignDetailResponse,
  campaignPageResponse,
  campaignSavedResponse,
  sendTimeResponse,
  statusChangeResponse,
} from '@/lib/campaigns/responses';
import { campaignContactsQuerySchema } from '@/lib/analytics/campaign-contacts';
import { statsQuerySchema } from '@/lib/analytics/campaign-stats';
import { ingestBodySchema } from '@/lib/analytics/ingest';
import { analyticsQuestions } from '@/lib/analytics/questions';
import * as analytics from '@/lib/analytics/responses';
import { outputSchema } from '@/lib/analytics/question';
import { copyFlowSchema, flowPatchSchema, newFlowSchema } from '@/lib/flows/schema';
import { flowDeletedResponse, flowEnvelopeResponse, flowPageResponse } from '@/lib/flows/responses';
import { healthResponse } from '@/lib/health/responses';
import { beginUploadSchema } from '@/lib/imports/service';
import { startImportSchema } from '@/lib/imports/mapping';
import { chunkResponse, importProgressResponse, uploadedImportResponse, uploadStateResponse } from '@/lib/imports/responses';
import { qrCodeParamSchema } from '@/lib/qr/redeem';
import { qrRedeemedResponse } from '@/lib/qr/responses';
import { previewInputSchema as segmentPreviewInput, segmentInputSchema, segmentListQuerySchema } from '@/lib/segments/input';
import { segmentPageResponse, segmentPreviewResponse, segmentResponse } from '@/lib/segments/responses';
import { previewInputSchema, templateInputSchema, testSendInputSchema } from '@/lib/templates/schema';
import { savedTemplateResponse, templatePageResponse, templatePreviewResponse, templateResponse, testSendResponse } from '@/lib/templates/responses';
import { heraldWebhookSchema } from '@/lib/webhooks/herald';
import { sendgridPayloadSchema } from '@/lib/webhooks/sendgrid';
import { webhookSummaryResponse } from '@/lib/webhooks/responses';
import { meResponse } from '@/lib/workspaces/responses';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** How a caller proves who it is: a member (session cookie or `Authorization: Bearer` API key), a signature, or nobody. */
export type Auth = { kind: 'member'; roles: readonly Role[] } | { kind: 'signature'; header: string } | { kind: 'public' };

export interface Answer {
  description: string;
  /** JSON answers; omit for an empty answer (204). */
  schema?: z.ZodType;
  /** For answers that are not JSON (`text/csv`), or that may also be CSV besides JSON. */
  contentType?: string;
}

export interface Operation {
  method: Method;
  /** OpenAPI form: `/api/campaigns/{id}`; the route file is `app/api/campaigns/[id]/route.ts`. */
  path: string;
  tag: string;
  summary: string;
  auth: Auth;
  params?: z.ZodObject;
  /** The query string's schemas (objects; several when the handler checks more than one). */
  query?: z.ZodType | z.ZodType[];
  /** A JSON body; `bodyContentType` for anything else (the schema then describes the raw body). */
  body?: z.ZodType;
  bodyContentType?: string;
  responses: Partial<Record<number, Answer>>;
}

/** One error shape for every failure: a message and, for a 400, the bad fields (`"a.b.0": ["message"]`). */
export const errorResponse = z.looseObject({
  error: z.string(),
  fieldErrors: z.record(z.string(), z.array(z.string())).optional().describe('For a 400: each bad field and what is wrong with it'),
});

/** The document's own outline (its full schema is OpenAPI 3.1's). */
const openApiDocumentResponse = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.record(z.string(), z.looseObject({ operationId: z.string(), summary: z.string(), responses: z.record(z.string(), z.looseObject({ description: z.string() })) }))),
  components: z.looseObject({ schemas: z.record(z.string(), z.looseObject({})) }),
});

const uuidParam = (name: string) => z.object({ [name]: z.uuid() });
const id = uuidParam('id');
/** A member-only operation; which roles may call it is read from the access policy below, never restated here. */
const MEMBER: Auth = { kind: 'member', roles: [] };

const ok = (schema: z.ZodType, description = 'OK'): Answer => ({ description, schema });
const failures = (auth: Auth, extra: Partial<Record<number, string>> = {}): Partial<Record<number, Answer>> => {
  const out: Partial<Record<number, Answer>> = {};
  const add = (status: number, description: string) => (out[status] = { description, schema: errorResponse });
  add(400, 'Invalid request: `fieldErrors` names each bad field');
  if (auth.kind === 'member') {
    add(401, 'No valid session or API key');
    add(403, 'The role may not do this, or a cross-origin request with a session cookie');
  }
  if (auth.kind === 'signature') add(401, 'Missing, wrong or stale signature');
  for (const [status, description] of Object.entries(extra)) add(Number(status), description!);
  return out;
};
const NOT_FOUND = { 404: 'Not found in the caller’s workspace' };

/** Request schemas that depend on the workspace (its custom attributes, an import's columns) in their general form. */
const segmentInput = segmentInputSchema({});
const anyContact = contactInputSchema({});

const declared: Operation[] = [
  { method: 'get', path: '/api/health', tag: 'System', summary: 'Health of the database, jobs and analytics', auth: { kind: 'public' }, responses: { 200: ok(healthResponse), 503: ok(healthResponse, 'A critical check failed') } },
  { method: 'get', path: '/api/openapi.json', tag: 'System', summary: 'This API as an OpenAPI 3.1 document', auth: { kind: 'public' }, responses: { 200: ok(openApiDocumentResponse) } },
  { method: 'get', path: '/api/v1/me', tag: 'System', summary: 'Who the caller is (handy for checking an API key)', auth: MEMBER, responses: { 200: ok(meResponse), ...failures(MEMBER) } },

  // Contacts and attributes
  { method: 'get', path: '/api/attributes', tag: 'Contacts', summary: 'List the custom contact attributes, by key', auth: MEMBER, query: pageQuerySchema, responses: { 200: ok(attributePageResponse), ...failures(MEMBER) } },
  { method: 'post', path: '/api/attributes', tag: 'Contacts', summary: 'Declare a custom contact attribute', auth: MEMBER, body: declareAttributeSchema, responses: { 201: ok(attributeResponse, 'Declared'), ...failures(MEMBER, { 409: 'The key exists' }) } },
  { method: 'get', path: '/api/v1/contacts', tag: 'Contacts', summary: 'List contacts, newest first, with search and filters', auth: MEMBER, query: contactListQuerySchema, responses: { 200: ok(contactPageResponse), ...failures(MEMBER) } },
  {
    method: 'post', path: '/api/v1/contacts', tag: 'Contacts', summary: 'Create or update up to 1,000 contacts by email', auth: MEMBER,
    body: contactBatchSchema.extend({ contacts: z.array(anyContact).min(1).max(1000) }),
    responses: { 200: ok(contactUpsertResponse, 'At least one contact written; each item has its own result'), ...failures(MEMBER), 400: ok(errorResponse.extend(contactUpsertResponse.partial().shape), 'No contact was valid, or the envelope is wrong') },
  },

  // Templates
  { method: 'get', path: '/api/templates', tag: 'Templates', summary: 'List templates without their bodies', auth: MEMBER, query: pageQuerySchema, responses: { 200: ok(templatePageResponse), ...failures(MEMBER) } },
  { method: 'post', path: '/api/templates', tag: 'Templates', summary: 'Create a template', auth: MEMBER, body: templateInputSchema, responses: { 201: ok(savedTemplateResponse, 'Created; `warnings` lists unknown variables'), ...failures(MEMBER) } },
  { method: 'get', path: '/api/templates/{id}', tag: 'Templates', summary: 'Read a template', auth: MEMBER, params: id, responses: { 200: ok(templateResponse), ...failures(MEMBER, NOT_FOUND) } },
  { method: 'put', path: '/api/templates/{id}', tag: 'Templates', summary: 'Replace a template', auth: MEMBER, params: id, body: templateInputSchema, responses: { 200: ok(savedTemplateResponse), ...failures(MEMBER, NOT_FOUND) } },
  { method: 'delete', path: '/api/templates/{id}', tag: 'Templates', summary: 'Delete a template no campaign or flow uses', auth: MEMBER, params: id, responses: { 204: { description: 'Deleted' }, ...failures(MEMBER, { ...NOT_FOUND, 409: 'In use' }) } },
  { method: 'post', path: '/api/templates/preview', tag: 'Templates', summary: 'Render unsaved content for a contact', auth: MEMBER, body: previewInputSchema, responses: { 200: ok(templatePreviewResponse), ...failures(MEMBER) } },
  { method: 'post', path: '/api/templates/{id}/test-send', tag: 'Templates', summary: 'Send a test email of a template', auth: MEMBER, params: id, body: testSendInputSchema, responses: { 200: ok(testSendResponse), ...failures(MEMBER, NOT_FOUND) } },

  // Segments
  { method: 'get', path: '/api/segments', tag: 'Segments', summary: 'List segments, with live counts on request', auth: MEMBER, query: segmentListQuerySchema, responses: { 200: ok(segmentPageResponse), ...failures(MEMBER) } },
  { method: 'post', path: '/api/segments', tag: 'Segments', summary: 'Create a segment (AND/OR criteria)', auth: MEMBER, body: segmentInput, responses: { 201: ok(segmentResponse, 'Created'), ...failures(MEMBER) } },
  { method: 'get', path: '/api/segments/{id}', tag: 'Segments', summary: 'Read a segment', auth: MEMBER, params: id, responses: { 200: ok(segmentResponse), ...failures(MEMBER, NOT_FOUND) } },
  { method: 'put', path: '/api/segments/{id}', tag: 'Segments', summary: 'Replace a segment', auth: MEMBER, params: id, body: segmentInput, responses: { 200: ok(segmentResponse), ...failures(MEMBER, NOT_FOUND) } },
  { method: 'delete', path: '/api/segments/{id}', tag: 'Segments', summary: 'Delete a segment no campaign uses', auth: MEMBER, params: id, responses: { 204: { description: 'Deleted' }, ...failures(MEMBER, { ...NOT_FOUND, 409: 'In use' }) } },
  { method: 'post', path: '/api/segments/preview', tag: 'Segments', summary: 'Count and sample unsaved criteria', auth: MEMBER, body: segmentPreviewInput({}), responses: { 200: ok(segmentPreviewResponse), ...failures(MEMBER) } },

  // Flows
  { method: 'get', path: '/api/flows', tag: 'Flows', summary: 'List flows with step counts', auth: MEMBER, query: pageQuerySchema, responses: { 200: ok(flowPageResponse), ...failures(MEMBER) } },
  { method: 'post', path: '/api/flows', tag: 'Flows', summary: 'Create a flow of steps (SEND_EMAIL, WAIT)', auth: MEMBER, body: newFlowSchema, responses: { 201: ok(flowEnvelopeResponse, 'Created'), ...failures(MEMBER) } },
  { method: 'get', path: '/api/flows/{id}', tag: 'Flows', summary: 'Read a flow', auth: MEMBER, params: id, responses: { 200: ok(flowEnvelopeResponse), ...failures(MEMBER, NOT_FOUND) } },
  { method: 'patch', path: '/api/flows/{id}', tag: 'Flows', summary: 'Change a flow’s name, description or steps', auth: MEMBER, params: id, body: flowPatchSchema, responses: { 200: ok(flowEnvelopeResponse), ...failures(MEMBER, { ...NOT_FOUND, 409: 'A running campaign uses the flow' }) } },
  { method: 'delete', path: '/api/flows/{id}', tag: 'Flows', summary: 'Delete a flow no campaign uses', auth: MEMBER, params: id, responses: { 200: ok(flowDeletedResponse), ...failures(MEMBER, { ...NOT_FOUND, 409: 'In use' }) } },
  { method: 'post', path: '/api/flows/{id}/copy', tag: 'Flows', summary: 'Copy a flow into a new, editable one', auth: MEMBER, params: id, body: copyFlowSchema, responses: { 201: ok(flowEnvelopeResponse, 'Copied'), ...failures(MEMBER, NOT_FOUND) } },

  // Campaigns
  { method: 'get', path: '/api/campaigns', tag: 'Campaigns', summary: 'List campaigns, newest first, with the total', auth: MEMBER, query: campaignPageQuerySchema, responses: { 200: ok(campaignPageResponse), ...failures(MEMBER) } },
  { method: 'post', path: '/api/campaigns', tag: 'Campaigns', summary: 'Create a draft campaign', auth: MEMBER, body: newCampaignSchema, responses: { 201: ok(campaignSavedResponse, 'Created'), ...failures(MEMBER) } },
  { method: 'get', path: '/api/campaigns/{id}', tag: 'Campaigns', summary: 'Read a campaign and its status history', auth: MEMBER, params: id, responses: { 200: ok(campaignDetailResponse), ...failures(MEMBER, NOT_FOUND) } },
  { method: 'patch', path: '/api/campaigns/{id}', tag: 'Campaigns', summary: 'Change a draft', auth: MEMBER, params: id, body: campaignPatchSchema, responses: { 200: ok(campaignSavedResponse), ...failures(MEMBER, { ...NOT_FOUND, 409: 'Not a draft' }) } },
  { method: 'delete', path: '/api/campaigns/{id}', tag: 'Campaigns', summary: 'Delete a draft', auth: MEMBER, params: id, responses: { 200: ok(campaignDeletedResponse), ...failures(MEMBER, { ...NOT_FOUND, 409: 'Not a draft' }) } },
  { method: 'put', path: '/api/campaigns/{id}/status', tag: 'Campaigns', summary: 'Activate, pause, resume or complete', auth: MEMBER, params: id, body: statusChangeSchema, responses: { 200: ok(statusChangeResponse), ...failures(MEMBER, { ...NOT_FOUND, 409: 'The lifecycle forbids this transition' }) } },
  { method: 'get', path: '/api/campaigns/send-time', tag: 'Campaigns', summary: 'Suggest a send slot for a segment', auth: MEMBER, query: sendTimeQuerySchema, responses: { 200: ok(sendTimeResponse), ...failures(MEMBER, NOT_FOUND) } },

  // Campaign analytics (seeds 000 and 004)
  { method: 'get', path: '/api/campaigns/{id}/summary', tag: 'Campaign analytics', summary: 'Sent, failed, completion, send rate, QR codes, failure reasons (seed 000)', auth: MEMBER, params: id, responses: { 200: ok(analytics.campaignSummaryResponse), ...failures(MEMBER, NOT_FOUND) } },
  { method: 'get', path: '/api/campaigns/{id}/stats', tag: 'Campaign analytics', summary: 'Contact states, outcomes, rates, durations and series (seed 004, snake_case)', auth: MEMBER, params: id, query: statsQuerySchema, responses: { 200: ok(analytics.campaignStatsResponse), ...failures(MEMBER, NOT_FOUND) } },
  { method: 'post', path: '/api/campaigns/{id}/stats/invalidate', tag: 'Campaign analytics', summary: 'Drop the cached stats (admins)', auth: MEMBER, params: id, responses: { 200: ok(analytics.statsInvalidatedResponse), ...failures(MEMBER, NOT_FOUND) } },
  { method: 'get', path: '/api/campaigns/{id}/contacts', tag: 'Campaign analytics', summary: 'The contacts behind a dashboard bar or funnel step', auth: MEMBER, params: id, query: campaignContactsQuerySchema, responses: { 200: ok(analytics.campaignContactsResponse), ...failures(MEMBER, NOT_FOUND) } },

  // Events and QR codes
  {
    method: 'post', path: '/api/v1/events', tag: 'Events', summary: 'Ingest one event or a batch of up to 1,000; each is checked on its own', auth: MEMBER, body: ingestBodySchema,
    responses: { 202: ok(analytics.ingestResponse, 'Recorded; a result per event'), ...failures(MEMBER), 400: ok(errorResponse.extend(analytics.ingestResponse.partial().shape), 'No event was valid, or the envelope is wrong'), 413: ok(errorResponse, 'More than 1,000 events, or a body over 4 MB') },
  },
  { method: 'post', path: '/api/v1/qr/{code}/redeem', tag: 'Events', summary: 'Redeem a recipient’s QR code once', auth: MEMBER, params: z.object({ code: qrCodeParamSchema }), responses: { 200: ok(qrRedeemedResponse), ...failures(MEMBER, { ...NOT_FOUND, 409: 'Already redeemed' }) } },

  // Imports
  { method: 'post', path: '/api/imports', tag: 'Imports', summary: 'Upload a CSV of at most 4 MB in one request (text/csv body or multipart field "file")', auth: MEMBER, body: z.string().describe('The CSV file'), bodyContentType: 'text/csv', responses: { 201: ok(uploadedImportResponse, 'Stored; columns, samples and a suggested mapping'), ...failures(MEMBER, { 413: 'Too large' }) } },
  { method: 'post', path: '/api/imports/uploads', tag: 'Imports', summary: 'Start an upload in pieces', auth: MEMBER, body: beginUploadSchema, responses: { 201: ok(uploadStateResponse, 'Started'), ...failures(MEMBER, { 413: 'Too large' }) } },
  { method: 'get', path: '/api/imports/{id}/chunks', tag: 'Imports', summary: 'The pieces the server holds', auth: MEMBER, params: id, responses: { 200: ok(uploadStateResponse), ...failures(MEMBER, NOT_FOUND) } },
  {
    method: 'put', path: '/api/imports/{id}/chunks/{index}', tag: 'Imports', summary: 'Store one piece (raw body, at most 4 MB)', auth: MEMBER, params: z.object({ id: z.uuid(), index: z.coerce.number().int().min(0) }),
    body: z.string().describe('The bytes of the piece'), bodyContentType: 'application/octet-stream',
    responses: { 201: ok(chunkResponse, 'Stored'), 200: ok(chunkResponse, 'Already there'), ...failures(MEMBER, { ...NOT_FOUND, 409: 'The upload is finished', 413: 'Too large' }) },
  },
  { method: 'post', path: '/api/imports/{id}/complete', tag: 'Imports', summary: 'Check the whole file once every piece is there', auth: MEMBER, params: id, responses: { 200: ok(uploadedImportResponse), ...failures(MEMBER, { ...NOT_FOUND, 409: 'Pieces missing' }) } },
  { method: 'post', path: '/api/imports/{id}/start', tag: 'Imports', summary: 'Map columns to fields and start the import', auth: MEMBER, params: id, body: startImportSchema([], {}), responses: { 202: ok(importProgressResponse, 'Started'), ...failures(MEMBER, { ...NOT_FOUND, 409: 'Already started' }) } },
  { method: 'get', path: '/api/imports/{id}', tag: 'Imports', summary: 'Progress of an import', auth: MEMBER, params: id, responses: { 200: ok(importProgressResponse), ...failures(MEMBER, NOT_FOUND) } },
  { method: 'delete', path: '/api/imports/{id}', tag: 'Imports', summary: 'Discard an import that has not started', auth: MEMBER, params: id, responses: { 204: { description: 'Discarded' }, ...failures(MEMBER, { ...NOT_FOUND, 409: 'Already started' }) } },
  { method: 'get', path: '/api/imports/{id}/rejects.csv', tag: 'Imports', summary: 'The rejected rows and why, as CSV', auth: MEMBER, params: id, responses: { 200: { description: 'CSV: row, reason, raw', contentType: 'text/csv' }, ...failures(MEMBER, NOT_FOUND) } },

  // Analytics (seed 003's envelope, kept exactly)
  ...analyticsQuestions.map(({ question, response }): Operation => ({
    method: 'get',
    path: `/api/v1/analytics/${question.name}`,
    tag: 'Analytics',
    summary: `The ${question.name} question; \`format=csv&table=\` exports one of its lists`,
    auth: MEMBER,
    query: [question.params, outputSchema(Object.keys(question.tables))],
    responses: { 200: { ...ok(response, '`{ success: true, data }`, or CSV with `format=csv`'), contentType: 'text/csv' }, ...failures(MEMBER) },
  })),

  // Provider feedback
  { method: 'post', path: '/api/webhooks/herald', tag: 'Webhooks', summary: 'Herald’s signed webhook (`X-Herald-Signature: t=…,v1=…`)', auth: { kind: 'signature', header: 'X-Herald-Signature' }, body: heraldWebhookSchema, responses: { 200: ok(webhookSummaryResponse), 202: ok(webhookSummaryResponse, 'Some messages are unknown'), ...failures({ kind: 'signature', header: 'X-Herald-Signature' }) } },
  { method: 'post', path: '/api/webhooks/sendgrid', tag: 'Webhooks', summary: 'SendGrid Event Webhook (ECDSA-signed)', auth: { kind: 'signature', header: 'X-Twilio-Email-Event-Webhook-Signature' }, body: sendgridPayloadSchema, responses: { 200: ok(webhookSummaryResponse), 202: ok(webhookSummaryResponse, 'Some messages are unknown'), ...failures({ kind: 'signature', header: 'X-Twilio-Email-Event-Webhook-Signature' }) } },
];

/** A route file's path in the access policy: `{id}` in the document is `[id]` on disk. */
const policyPath = (path: string) => path.replace(/\{(\w+)\}/g, '[$1]');

/** Every operation, with its member roles taken from the one access policy (lib/auth/policy.ts). */
export const operations: Operation[] = declared.map((op) => {
  if (op.auth.kind !== 'member') return op;
  const access = accessOf(policyPath(op.path), op.method.toUpperCase());
  if (!access || access === PUBLIC) throw new Error(`The access policy has no roles for ${op.method.toUpperCase()} ${op.path}`);
  return { ...op, auth: { kind: 'member', roles: access } };
});

/** Route files that speak another party's protocol, not Herald's API: they are not in the document. */
export const unlistedRoutes: Record<string, string> = {
  '/api/auth/[...nextauth]': 'next-auth’s own sign-in protocol',
  '/api/inngest': 'Inngest’s serve protocol (signed requests from Inngest only)',
  '/api/webhooks/ses': 'Amazon SNS’s HTTP delivery protocol (messages signed by AWS, from configured topics only)',
  '/api/channels/twilio/status': 'Twilio’s status callbacks for texts and calls (X-Twilio-Signature)',
  '/api/channels/twilio/voice': 'Twilio’s voice webhook: TwiML for an answered call (X-Twilio-Signature)',
  '/api/channels/twilio/answer': 'Twilio’s <Gather> action: a call’s answer, then TwiML (X-Twilio-Signature)',
  '/api/channels/twilio/inbound': 'Twilio’s inbound-message webhook: STOP and START replies (X-Twilio-Signature)',
};
