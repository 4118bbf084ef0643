import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { getSinkMessage, pageSinkMessages } from '@/lib/delivery/sink';
import { PermanentDeliveryError, TransientDeliveryError, closeTransport, getTransport } from '@/lib/delivery/transport';
import { classifySmtpError } from '@/lib/delivery/errors';
import * as testSend from '@/app/api/templates/[id]/test-send/route';
import { createWorkspace } from '../helpers/factory';
import { activeCampaign, dispatchUntilDone } from '../delivery-engine/helpers';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { callRoute, keyFor } from '../helpers/routes';

/** A real SMTP server on loopback that keeps what it receives and can be told to refuse recipients. */
async function startSmtpServer() {
  const state = { refuse: null as null | { code: number; message: string }, connections: 0, received: [] as { to: string[]; raw: string }[] };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, cb) {
      state.connections++;
      cb();
    },
    onRcptTo(_address, _session, cb) {
      if (!state.refuse) return cb();
      cb(Object.assign(new Error(state.refuse.message), { responseCode: state.refuse.code }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        state.received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { state, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function useSmtp(url: string | undefined) {
  if (url) process.env.SMTP_URL = url;
  else delete process.env.SMTP_URL;
  resetEnvCache();
  await closeTransport();
}

const message = (workspaceId: string, to: string, i = 0) => ({
  workspaceId,
  to,
  subject: `Hello ${i}`,
  html: `<p>Hello ${i}</p>`,
  text: `Hello ${i}`,
  headers: { 'List-Unsubscribe': '<https://herald.test/u/1>' },
});

let ws: Awaited<ReturnType<typeof createWorkspace>>;
let key: string;
let templateId: string;

beforeAll(async () => {
  ws = await createWorkspace('Delivery');
  key = await keyFor(ws.workspace.id);
  const t = await db.template.create({
    data: { workspaceId: ws.workspace.id, name: 'T', subject: 'Hi {{ first_name | default: "there" }}', htmlBody: '<p>Hello {{ email }}</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>' },
  });
  templateId = t.id;
});

afterAll(async () => {
  await useSmtp(undefined);
});

describe('the local sink (no SMTP_URL)', () => {
  beforeAll(() => useSmtp(undefined));

  it('stores each message as a sink row the workspace can list and read', async () => {
    const transport = getTransport();
    expect(transport.kind).toBe('sink');
    expect(getTransport()).toBe(transport);
    const messageId = crypto.randomUUID();
    const result = await transport.send({ ...message(ws.workspace.id, 'reader@example.test'), messageId });
    expect(result.accepted).toBe(true);
    expect(result.providerMessageId).toMatch(/^<[0-9a-f-]{36}@sink\.herald\.local>$/);
    const page = await pageSinkMessages(ws.workspace.id, '1');
    // Sent outside any campaign (a test send), so it names none.
    expect(page.items[0]).toMatchObject({ toAddress: 'reader@example.test', subject: 'Hello 0', fromAddress: 'Herald <no-reply@herald.local>', campaign: null });
    const stored = await getSinkMessage(ws.workspace.id, page.items[0].id);
    expect(stored).toMatchObject({ messageId, html: '<p>Hello 0</p>', text: 'Hello 0' });
    expect(stored.headers).toMatchObject({ 'Message-ID': result.providerMessageId, 'List-Unsubscribe': '<https://herald.test/u/1>', 'X-Herald-Message-Id': messageId });
    const other = await createWorkspace('Other');
    await expect(getSinkMessage(other.workspace.id, page.items[0].id)).rejects.toMatchObject({ status: 404 });
  });

  it('names the campaign each kept email was sent for, a page at a time', async () => {
    const c = await activeCampaign({ recipients: 3 });
    await dispatchUntilDone(() => dispatchCampaign(c.campaign.id, { maxMs: 5_000 }), 20_000);
    const page = await pageSinkMessages(c.workspace.id, '1');
    expect(page.items.map((m) => m.campaign)).toEqual(Array(3).fill({ id: c.campaign.id, name: c.campaign.name }));
    // A page past the end shows the last one, as on every numbered screen.
    expect(await pageSinkMessages(c.workspace.id, '9999')).toMatchObject({ page: 1, total: 3 });
  });

  it('refuses an invalid address as a permanent failure and stores nothing', async () => {
    const before = await db.sinkMessage.count({ where: { workspaceId: ws.workspace.id } });
    await expect(getTransport().send(message(ws.workspace.id, 'not an address'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    expect(await db.sinkMessage.count({ where: { workspaceId: ws.workspace.id } })).toBe(before);
  });

  it('test send renders the saved template and drops it in the sink', async () => {
    const res = await callRoute(testSend.POST, { key, method: 'POST', params: { id: templateId }, body: { to: 'QA@Example.test' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: true, transport: 'sink' });
    const row = await db.sinkMessage.findFirstOrThrow({ where: { workspaceId: ws.workspace.id, toAddress: 'qa@example.test' } });
    expect(row.subject).toBe('[Test] Hi Sample');
    expect(row.html).toContain('<p>Hello qa@example.test</p>');
    expect(row.text).toContain('Unsubscribe (https://example.invalid/sample-unsubscribe-link)');
    expect(row.headers).toMatchObject({ 'X-Herald-Test': 'true', 'X-Herald-Template-Id': templateId });
  });

  it('test send needs a valid address, an editor and a template of the workspace', async () => {
    expect((await callRoute(testSend.POST, { key, method: 'POST', params: { id: templateId }, body: { to: 'nope' } })).status).toBe(400);
    const viewer = await keyFor(ws.workspace.id, 'viewer');
    expect((await callRoute(testSend.POST, { key: viewer, method: 'POST', params: { id: templateId }, body: { to: 'a@example.test' } })).status).toBe(403);
    expect((await callRoute(testSend.POST, { key, method: 'POST', params: { id: crypto.randomUUID() }, body: { to: 'a@example.test' } })).status).toBe(404);
  });
});

describe('SMTP delivery to a real server on loopback', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    await useSmtp(smtp.url);
    return async () => {
      await closeTransport();
      await smtp.close();
    };
  });

  it('delivers through one pooled transport of at most 5 connections', async () => {
    const transport = getTransport();
    expect(transport.kind).toBe('smtp');
    expect(getTransport()).toBe(transport);
    const sinkBefore = await db.sinkMessage.count();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => transport.send(message(ws.workspace.id, `r${i}@example.test`, i))));
    expect(results.every((r) => r.accepted && r.providerMessageId.length > 0)).toBe(true);
    expect(new Set(results.map((r) => r.providerMessageId)).size).toBe(40);
    expect(smtp.state.received).toHaveLength(40);
    expect(smtp.state.received.map((m) => m.to[0]).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `r${i}@example.test`).sort());
    const first = smtp.state.received.find((m) => m.to[0] === 'r7@example.test')!;
    expect(first.raw).toMatch(/^Subject: Hello 7\r?$/m);
    expect(first.raw).toMatch(/^List-Unsubscribe: <https:\/\/herald\.test\/u\/1>\r?$/m);
    expect(smtp.state.connections).toBeLessThanOrEqual(5);
    expect(await db.sinkMessage.count()).toBe(sinkBefore);
  });

  it('encodes non-ASCII headers as RFC 2047 words and keeps every header on its own line', async () => {
    const before = smtp.state.received.length;
    const subject = `Grüße aus Köln ✓ ${'é'.repeat(40)}\r\nBcc: intruder@example.test`;
    await getTransport().send({ ...message(ws.workspace.id, 'intl@example.test'), subject, from: 'Zoë Müller <zoe@example.test>', text: 'Grüße', html: '<p>Grüße</p>' });
    const raw = smtp.state.received[before].raw;
    const head = raw.split('\r\n\r\n')[0];
    expect(head).not.toMatch(/^Bcc:/m);
    const words = /^Subject: ((?:.*)(?:\r\n [^\r\n]*)*)/m.exec(head)![1].split('\r\n ');
    expect(words.every((w) => w.length <= 75)).toBe(true);
    const decoded = words.map((w) => Buffer.from(/^=\?UTF-8\?B\?(.*)\?=$/.exec(w)![1], 'base64').toString('utf8')).join('');
    expect(decoded).toBe(subject.replace(/[\r\n]+/g, ' '));
    expect(head).toMatch(/^From: =\?UTF-8\?B\?[^?]+\?= <zoe@example\.test>$/m);
    const parts = raw.split(/^--.+$/m).filter((p) => p.includes('base64'));
    expect(parts.map((p) => Buffer.from(p.split('\r\n\r\n')[1].replace(/\s+/g, ''), 'base64').toString('utf8'))).toEqual(['Grüße', '<p>Grüße</p>']);
  });

  it('classifies 451 as transient and 550 as permanent, with code and reason', async () => {
    smtp.state.refuse = { code: 451, message: 'Mailbox busy, try again later' };
    const transient = await getTransport().send(message(ws.workspace.id, 'busy@example.test')).catch((e) => e);
    expect(transient).toBeInstanceOf(TransientDeliveryError);
    expect(transient).toMatchObject({ code: '451', reason: expect.stringContaining('Mailbox busy') });

    smtp.state.refuse = { code: 550, message: 'No such user here' };
    const permanent = await getTransport().send(message(ws.workspace.id, 'gone@example.test')).catch((e) => e);
    expect(permanent).toBeInstanceOf(PermanentDeliveryError);
    expect(permanent).toMatchObject({ code: '550', reason: expect.stringContaining('No such user') });
    smtp.state.refuse = null;
  });

  it('test send goes out over SMTP; a refusal is a 400 on "to", a busy server a 503', async () => {
    const before = smtp.state.received.length;
    const ok = await callRoute(testSend.POST, { key, method: 'POST', params: { id: templateId }, body: { to: 'qa@example.test' } });
    expect(ok.body).toMatchObject({ accepted: true, transport: 'smtp' });
    expect(smtp.state.received).toHaveLength(before + 1);
    expect(smtp.state.received.at(-1)!.raw).toMatch(/^Subject: \[Test\] Hi Sample\r?$/m);

    smtp.state.refuse = { code: 550, message: 'No such user here' };
    const refused = await callRoute(testSend.POST, { key, method: 'POST', params: { id: templateId }, body: { to: 'gone@example.test' } });
    expect(refused).toMatchObject({ status: 400, body: { code: '550', fieldErrors: { to: [expect.stringContaining('No such user')] } } });
    smtp.state.refuse = { code: 451, message: 'Try later' };
    expect((await callRoute(testSend.POST, { key, method: 'POST', params: { id: templateId }, body: { to: 'busy@example.test' } })).status).toBe(503);
    smtp.state.refuse = null;
  });

  it('treats a server that cannot be reached as transient', async () => {
    const closed = await startSmtpServer();
    await closed.close();
    await useSmtp(closed.url);
    const err = await getTransport().send(message(ws.workspace.id, 'x@example.test')).catch((e) => e);
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect(['ECONNREFUSED', 'ESOCKET', 'ECONNECTION']).toContain(err.code);
    await useSmtp(smtp.url);
  });
});

describe('error classification', () => {
  it('sorts reply codes and socket errors', () => {
    expect(classifySmtpError({ responseCode: 421, response: '421 closing' })).toBeInstanceOf(TransientDeliveryError);
    expect(classifySmtpError({ responseCode: 552, response: '552 too big' })).toBeInstanceOf(PermanentDeliveryError);
    for (const code of ['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED']) expect(classifySmtpError({ code, message: 'x' })).toMatchObject({ transient: true, code });
    expect(classifySmtpError({ code: 'EENVELOPE', message: 'No recipients defined' })).toBeInstanceOf(PermanentDeliveryError);
  });
});
