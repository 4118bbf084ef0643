/**
 * One workspace's life through Herald's route handlers, with real data: every registered operation is called at
 * least once with a request that succeeds, plus a few that fail (400, 401, 403, 404, 409). Each answer is handed to
 * `check`, which the contract test validates against the OpenAPI document.
 */
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { db } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { flushOutbox } from '@/lib/analytics/flush';
import { generateQrCode } from '@/lib/qr/codes';
import { signHeraldWebhook } from '@/lib/webhooks/herald';
import { SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER } from '@/lib/webhooks/sendgrid';
import { keysFor } from '../helpers/callers';
import { createWorkspace } from '../helpers/factory';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Answer {
  method: string;
  /** The OpenAPI path, e.g. `/api/campaigns/{id}`. */
  path: string;
  status: number;
  contentType: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers are validated by schema, not by type
  body: any;
}

/** Every route module under app/api, loaded on first use, keyed by file (`../../app/api/…/route.ts`). */
export const routeModules = import.meta.glob<Record<string, Handler>>('../../app/api/**/route.ts');

/** `app/api/campaigns/[id]/route.ts` ↔ `/api/campaigns/{id}`. */
export const pathOfRouteFile = (file: string) => file.replace(/^(\.\.\/)*app/, '').replace(/\/route\.ts$/, '').replace(/\[(\w+)\]/g, '{$1}');

async function routeModule(path: string): Promise<Record<string, Handler>> {
  const file = Object.keys(routeModules).find((f) => pathOfRouteFile(f) === path);
  if (!file) throw new Error(`No route file for ${path}`);
  return routeModules[file]!();
}

interface CallOptions {
  key?: string;
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  raw?: BodyInit;
  headers?: Record<string, string>;
}

const SECRET = 'contract-webhook-secret-0123456789abcdef';
const sendgridKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

export async function runScenario(check: (answer: Answer) => void | Promise<void>) {
  process.env.HERALD_WEBHOOK_SECRET = SECRET;
  process.env.SENDGRID_WEBHOOK_PUBLIC_KEY = sendgridKeys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  resetEnvCache();
  const { workspace } = await createWorkspace('Contract');
  const keys = await keysFor(workspace.id);

  async function call(method: string, path: string, o: CallOptions = {}): Promise<Answer> {
    const mod = await routeModule(path);
    const handler = mod[method];
    if (!handler) throw new Error(`${path} exports no ${method}`);
    const url = `http://herald.test${path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(o.params?.[k] ?? ''))}${o.query ? `?${o.query}` : ''}`;
    const headers: Record<string, string> = { ...(o.key === undefined ? { authorization: `Bearer ${keys.admin}` } : o.key ? { authorization: `Bearer ${o.key}` } : {}) };
    let body: BodyInit | undefined = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] = 'application/json';
    }
    const res = await handler(new Request(url, { method, headers: { ...headers, ...o.headers }, body }), { params: Promise.resolve(o.params ?? {}) });
    const contentType = res.headers.get('content-type') ?? '';
    const text = await res.text();
    const answer: Answer = { method: method.toLowerCase(), path, status: res.status, contentType, body: contentType.includes('json') && text ? JSON.parse(text) : text };
    await check(answer);
    return answer;
  }

  const ok = async (method: string, path: string, o: CallOptions = {}) => {
    const a = await call(method, path, o);
    if (a.status >= 300) throw new Error(`${method} ${path} answered ${a.status}: ${JSON.stringify(a.body)}`);
    return a.body;
  };

  await ok('GET', '/api/health', { key: '' });
  await ok('GET', '/api/openapi.json', { key: '' });
  await ok('GET', '/api/v1/me');

  // Contacts and their custom attribute.
  await ok('POST', '/api/attributes', { body: { key: 'plan', type: 'string', label: 'Plan' } });
  await ok('GET', '/api/attributes', { query: 'limit=1' });
  const contacts = Array.from({ length: 4 }, (_, i) => ({ email: `c${i}@contract.test`, firstName: `C${i}`, tags: ['camp'], marketingOptIn: true, attributes: { plan: i % 2 ? 'pro' : 'free' } }));
  await ok('POST', '/api/v1/contacts', { body: { contacts: [...contacts, { email: 'not-an-email' }] } });
  const page1 = await ok('GET', '/api/v1/contacts', { query: 'limit=2' });
  await ok('GET', '/api/v1/contacts', { query: `limit=2&cursor=${page1.nextCursor}` });
  const contactIds = (await db.contact.findMany({ where: { workspaceId: workspace.id }, select: { id: true } })).map((c) => c.id);

  // Templates.
  const template = await ok('POST', '/api/templates', { body: { name: 'Welcome', subject: 'Hi {{firstName}}', htmlBody: '<p>Hello {{firstName}} {{nickname}}</p>' } });
  await ok('GET', '/api/templates');
  await ok('GET', '/api/templates/{id}', { params: { id: template.id } });
  await ok('PUT', '/api/templates/{id}', { params: { id: template.id }, body: { name: 'Welcome', subject: 'Hello {{firstName}}', htmlBody: '<p>Hello {{firstName}}</p>' } });
  await ok('POST', '/api/templates/preview', { body: { subject: 'Hi', htmlBody: '<p>Hi {{firstName}}</p>', contactId: contactIds[0] } });
  await ok('POST', '/api/templates/{id}/test-send', { params: { id: template.id }, body: { to: 'me@contract.test' } });
  const spare = await ok('POST', '/api/templates', { body: { name: 'Spare', subject: 'Spare', htmlBody: '<p>Spare</p>' } });
  await ok('DELETE', '/api/templates/{id}', { params: { id: spare.id } });

  // Segments.
  const criteria = { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'tags', operator: 'contains', value: 'camp' }] };
  const segment = await ok('POST', '/api/segments', { body: { name: 'Campers', criteria } });
  await ok('GET', '/api/segments', { query: 'counts=true' });
  await ok('GET', '/api/segments/{id}', { params: { id: segment.id } });
  await ok('PUT', '/api/segments/{id}', { params: { id: segment.id }, body: { name: 'Campers', description: 'Everyone at camp', criteria } });
  await ok('POST', '/api/segments/preview', { body: { criteria } });
  const spareSegment = await ok('POST', '/api/segments', { body: { name: 'Spare', criteria } });
  await ok('DELETE', '/api/segments/{id}', { params: { id: spareSegment.id } });

  // Flows.
  const steps = [{ type: 'SEND_EMAIL', templateId: template.id }, { type: 'WAIT', waitDays: 1 }, { type: 'SEND_EMAIL', templateId: template.id }];
  const { flow } = await ok('POST', '/api/flows', { body: { name: 'Two emails', steps } });
  await ok('GET', '/api/flows');
  await ok('GET', '/api/flows/{id}', { params: { id: flow.id } });
  await ok('PATCH', '/api/flows/{id}', { params: { id: flow.id }, body: { description: 'A day apart' } });
  const copy = await ok('POST', '/api/flows/{id}/copy', { params: { id: flow.id }, body: { name: 'Copy' } });
  await ok('DELETE', '/api/flows/{id}', { params: { id: copy.flow.id } });

  // Campaigns: a draft, its edits, activation and its numbers.
  await ok('GET', '/api/campaigns/send-time', { query: `segmentId=${segment.id}` });
  const today = new Date().toISOString().slice(0, 10);
  const created = await ok('POST', '/api/campaigns', { body: { name: 'Launch', segmentId: segment.id, flowId: flow.id, startDate: today, startTimeOfDay: '00:00', timeZone: 'UTC' } });
  const id = created.campaign.id;
  await ok('PATCH', '/api/campaigns/{id}', { params: { id }, body: { description: 'The launch' } });
  const doomed = await ok('POST', '/api/campaigns', { body: { name: 'Doomed', segmentId: segment.id, templateId: template.id, startDate: today } });
  await ok('DELETE', '/api/campaigns/{id}', { params: { id: doomed.campaign.id } });
  await ok('PUT', '/api/campaigns/{id}/status', { params: { id }, body: { status: 'active' } });
  await ok('GET', '/api/campaigns', { query: 'limit=1' });
  await ok('GET', '/api/campaigns/{id}', { params: { id } });

  // Events, QR codes and provider feedback.
  const occurredAt = new Date(Date.now() - 3_600_000).toISOString();
  const about = (i: number) => ({ channel: 'email', sourceType: 'campaign', entityType: 'message', entityId: `m-${i}`, contactId: contactIds[i % 4], campaignId: id, templateId: template.id, occurredAt });
  const mail = (['message_sent', 'message_delivered', 'message_opened', 'message_clicked', 'message_bounced'] as const).flatMap((eventType) => [0, 1, 2].map((i) => ({ ...about(i), eventType })));
  const call_ = { channel: 'voice', sourceType: 'campaign', entityType: 'call', entityId: 'call-1', contactId: contactIds[0], campaignId: id, occurredAt };
  await ok('POST', '/api/v1/events', {
    body: {
      events: [
        ...mail,
        { ...call_, eventType: 'call_ended', outcome: 'completed', durationSeconds: 42 },
        { ...call_, eventType: 'funnel_step', label: 'picked_up', value: 1 },
        { ...call_, eventType: 'intent_detected', label: 'interested', category: 'sales' },
        { eventType: 'nope' },
      ],
    },
  });
  await flushOutbox();
  // A failed delivery attempt, so the summary's failure reasons have a row.
  const message = await db.message.create({ data: { workspaceId: workspace.id, campaignId: id, contactId: contactIds[1]!, stepIndex: 0, toAddress: 'c1@contract.test', status: 'failed' } });
  await db.deliveryAttempt.create({ data: { messageId: message.id, attempt: 1, outcome: 'permanent_failure', code: '550', reason: 'Mailbox unavailable' } });
  const code = generateQrCode();
  await db.qrCode.create({ data: { workspaceId: workspace.id, campaignId: id, contactId: contactIds[0]!, code } });
  await ok('POST', '/api/v1/qr/{code}/redeem', { params: { code } });
  await call('POST', '/api/v1/qr/{code}/redeem', { params: { code } }); // 409: once only
  const heraldBody = JSON.stringify({ events: [{ type: 'delivered', messageId: randomUUID() }] });
  await ok('POST', '/api/webhooks/herald', { key: '', raw: heraldBody, headers: { 'content-type': 'application/json', 'x-herald-signature': signHeraldWebhook(heraldBody, SECRET) } });
  const sgBody = JSON.stringify([{ event: 'delivered', timestamp: Math.floor(Date.now() / 1000), herald_message_id: randomUUID() }]);
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = createSign('sha256').update(ts + sgBody).sign(sendgridKeys.privateKey).toString('base64');
  await ok('POST', '/api/webhooks/sendgrid', { key: '', raw: sgBody, headers: { 'content-type': 'application/json', [SENDGRID_SIGNATURE_HEADER]: signature, [SENDGRID_TIMESTAMP_HEADER]: ts } });
  await call('POST', '/api/webhooks/herald', { key: '', raw: heraldBody, headers: { 'content-type': 'application/json', 'x-herald-signature': 't=1,v1=00' } }); // 401

  // The campaign's numbers (seeds 000 and 004) and seed 003's analytics.
  await ok('GET', '/api/campaigns/{id}/stats', { params: { id } });
  await ok('POST', '/api/campaigns/{id}/stats/invalidate', { params: { id } });
  await ok('GET', '/api/campaigns/{id}/summary', { params: { id } });
  await ok('GET', '/api/campaigns/{id}/contacts', { params: { id }, query: 'state=pending&limit=2' });
  await ok('GET', '/api/campaigns/{id}/contacts', { params: { id }, query: 'event=funnel_step' });
  for (const name of ['overview', 'messages', 'campaigns', 'workflows', 'sequences', 'templates', 'traffic', 'funnel', 'intents']) {
    await ok('GET', `/api/v1/analytics/${name}`, { query: name === 'templates' ? 'timeRange=30d&minVolume=1' : 'timeRange=30d' });
  }
  await ok('GET', '/api/v1/analytics/overview', { query: 'timeRange=7d&format=csv' });

  // Imports: a small file in one request, then one in pieces.
  const csv = 'email,first_name\nnew1@contract.test,New\nnot-an-email,Bad\n';
  const small = await ok('POST', '/api/imports', { raw: csv, headers: { 'content-type': 'text/csv' } });
  await ok('GET', '/api/imports/{id}', { params: { id: small.id } });
  await ok('POST', '/api/imports/{id}/start', { params: { id: small.id }, body: { mapping: { email: 'email', first_name: 'first_name' } } });
  await ok('GET', '/api/imports/{id}/rejects.csv', { params: { id: small.id } });
  const bytes = new TextEncoder().encode(csv);
  const upload = await ok('POST', '/api/imports/uploads', { body: { fileName: 'pieces.csv', totalBytes: bytes.length } });
  await ok('PUT', '/api/imports/{id}/chunks/{index}', { params: { id: upload.id, index: '0' }, raw: bytes, headers: { 'content-type': 'application/octet-stream' } });
  await ok('GET', '/api/imports/{id}/chunks', { params: { id: upload.id } });
  await ok('POST', '/api/imports/{id}/complete', { params: { id: upload.id } });
  await ok('DELETE', '/api/imports/{id}', { params: { id: upload.id } });

  // Failures answer in the one error shape.
  await call('GET', '/api/flows', { query: 'limit=0' }); // 400
  await call('GET', '/api/flows/{id}', { params: { id: randomUUID() } }); // 404
  await call('GET', '/api/templates', { key: 'not-a-key' }); // 401
  await call('POST', '/api/templates', { key: keys.viewer, body: { name: 'x' } }); // 403
  await call('PATCH', '/api/campaigns/{id}', { params: { id }, body: { name: 'Too late' } }); // 409: not a draft any more

  delete process.env.HERALD_WEBHOOK_SECRET;
  delete process.env.SENDGRID_WEBHOOK_PUBLIC_KEY;
  resetEnvCache();
}
