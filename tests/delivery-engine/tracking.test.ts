import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { trackingUrl } from '@/lib/tracking/urls';
import { unsubscribePageData } from '@/lib/tracking/unsubscribe';
import * as openRoute from '@/app/t/o/[token]/route';
import * as clickRoute from '@/app/t/c/[token]/route';
import * as unsubscribeRoute from '@/app/t/u/[token]/route';
import * as viewRoute from '@/app/t/v/[token]/route';
import * as qrRoute from '@/app/t/q/[token]/route';
import * as redeemRoute from '@/app/api/v1/qr/[code]/redeem/route';
import { keyFor, callRoute } from '../helpers/routes';
import { activeCampaign, bodyOf, startSmtpServer, useSmtp, type SmtpSink, warmUp } from './helpers';
import { countOutboxEvents } from '../helpers/outbox';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const hit = (handler: Handler, url: string, init: RequestInit = {}) => {
  const token = new URL(url).pathname.split('/')[3];
  return handler(new Request(url, init), { params: Promise.resolve({ token }) });
};

let smtp: SmtpSink;
let c: Awaited<ReturnType<typeof activeCampaign>>;
let message: { id: string; contactId: string };
/** The body of the email that arrived for `message`, quoted-printable undone. */
let body: string;

const events = (type: string) => countOutboxEvents({}, { entity_id: message.id, event_type: type });
const tamper = (url: string) => url.replace(/\.([\w-])/, (_m, ch: string) => `.${ch === 'A' ? 'B' : 'A'}`);
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** The same token with its last character spelled differently in the bits decoding ignores: the same bytes, other text. */
const respell = (url: string) => {
  const last = BASE64URL.indexOf(url.at(-1)!);
  return url.slice(0, -1) + BASE64URL[(last & 0b110000) | ((last + 1) & 0b001111)];
};

beforeAll(async () => {
  await warmUp();
  smtp = await startSmtpServer();
  await useSmtp(smtp.url);
  // Two steps an hour apart: after the first, each recipient is pending for the second.
  c = await activeCampaign({ recipients: 2, steps: 2, waitHours: 1, html: '<html><body><a href="https://example.com/shop?x=1">Shop</a> {{ qr_code }} <a href="{{ unsubscribe_url }}">Unsubscribe</a></body></html>' });
  await dispatchCampaign(c.campaign.id);
  message = await db.message.findFirstOrThrow({ where: { campaignId: c.campaign.id }, select: { id: true, contactId: true } });
  body = bodyOf(smtp.arrivals.find((a) => a.messageId === message.id)!.raw);
});
afterAll(async () => {
  await useSmtp(undefined);
  await smtp.close();
});

const linkIn = (kind: string) => new RegExp(`https?://[^"\\s)]+/t/${kind}/[\\w-]+\\.[\\w-]+`).exec(body)![0];

describe('signed click links', () => {
  it('redirect (302) only to the URL that was signed, and count once per message', async () => {
    const url = linkIn('c');
    const res = await hit(clickRoute.GET, url);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://example.com/shop?x=1');
    await hit(clickRoute.GET, url);
    expect(await db.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ clickedAt: expect.any(Date) });
    expect(await events('message_clicked')).toBe(1);
  });

  it('a tampered token is a 400 with no redirect, and records nothing', async () => {
    const other = await db.message.findFirstOrThrow({ where: { campaignId: c.campaign.id, id: { not: message.id } } });
    const forged = trackingUrl('http://localhost', 'click', other.id, 'https://example.com/shop?x=1');
    const evil = forged.replace(/\/t\/c\/([\w-]+)\./, (_m, body: string) => {
      const bytes = Buffer.from(body, 'base64url');
      return `/t/c/${Buffer.concat([bytes, Buffer.from('.evil.test')]).toString('base64url')}.`;
    });
    for (const url of [tamper(linkIn('c')), respell(linkIn('c')), evil, 'http://localhost/t/c/nonsense', trackingUrl('http://localhost', 'open', other.id)]) {
      const res = await hit(clickRoute.GET, url);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    }
    expect(await db.message.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ clickedAt: null });
  });
});

describe('the open pixel', () => {
  it('answers a 1×1 GIF and counts the first open only', async () => {
    const url = linkIn('o');
    const res = await hit(openRoute.GET, url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 6).toString()).toBe('GIF89a');
    const first = (await db.message.findUniqueOrThrow({ where: { id: message.id } })).openedAt;
    await hit(openRoute.GET, url);
    expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).openedAt).toEqual(first);
    expect(await events('message_opened')).toBe(1);
    expect((await hit(openRoute.GET, tamper(url))).status).toBe(400);
  });
});

describe('unsubscribe', () => {
  it('GET shows a confirm page and changes nothing; one-click POST (RFC 8058) unsubscribes', async () => {
    const headerUrl = /^List-Unsubscribe:\s*<([^>]+)>/m.exec(smtp.arrivals.find((a) => a.messageId === message.id)!.raw.replace(/\r?\n[ \t]+/g, ' '))![1];
    expect(headerUrl).toBe(linkIn('u'));
    const page = await hit(unsubscribeRoute.GET, headerUrl);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/\/t\/u\/[\w-]+\.[\w-]+\/confirm$/);
    const token = new URL(headerUrl).pathname.split('/')[3];
    expect(await unsubscribePageData(token)).toMatchObject({ unsubscribed: false, email: expect.stringMatching(/^c\*+@example\.test$/) });
    expect(await db.contact.findUniqueOrThrow({ where: { id: message.contactId } })).toMatchObject({ unsubscribedAt: null });

    const res = await hit(unsubscribeRoute.POST, headerUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    const contact = await db.contact.findUniqueOrThrow({ where: { id: message.contactId } });
    expect(contact.unsubscribedAt).toBeInstanceOf(Date);
    expect(await db.suppression.findUnique({ where: { workspaceId_email: { workspaceId: c.workspace.id, email: contact.email } } })).toMatchObject({ reason: 'unsubscribed' });
    expect(await db.campaignRecipient.findUniqueOrThrow({ where: { campaignId_contactId: { campaignId: c.campaign.id, contactId: message.contactId } } })).toMatchObject({ state: 'refused', nextDueAt: null });
    expect(await events('message_unsubscribed')).toBe(1);
    expect(await unsubscribePageData(token)).toMatchObject({ unsubscribed: true });

    // Again (a client retrying): still one event.
    expect((await hit(unsubscribeRoute.POST, headerUrl, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(200);
    expect(await events('message_unsubscribed')).toBe(1);
    expect((await hit(unsubscribeRoute.POST, tamper(headerUrl), { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(400);
  });
});

describe('view in browser', () => {
  it('renders the message again, sandboxed', async () => {
    const url = trackingUrl('http://localhost', 'view', message.id);
    const res = await hit(viewRoute.GET, url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(await res.text()).toContain('data:image/png;base64,');
    expect((await hit(viewRoute.GET, tamper(url))).status).toBe(400);
  });
});

describe('QR codes', () => {
  it('a scan is counted and lands on the code page; a redemption works once, then 409', async () => {
    const qr = await db.qrCode.findUniqueOrThrow({ where: { campaignId_contactId: { campaignId: c.campaign.id, contactId: message.contactId } } });
    expect(body).toContain(`QR code: ${qr.code}`);
    const scanUrl = trackingUrl('http://localhost', 'qr', qr.id);
    const scan = await hit(qrRoute.GET, scanUrl);
    expect(scan.status).toBe(302);
    expect(scan.headers.get('location')).toMatch(/\/t\/q\/[\w-]+\.[\w-]+\/thanks$/);
    await hit(qrRoute.GET, scanUrl);
    expect(await db.qrCode.findUniqueOrThrow({ where: { id: qr.id } })).toMatchObject({ scanCount: 2, firstScannedAt: expect.any(Date) });
    expect(await countOutboxEvents({}, { entity_id: qr.id, event_type: 'qr_scanned' })).toBe(2);
    expect((await hit(qrRoute.GET, tamper(scanUrl))).status).toBe(400);

    const key = await keyFor(c.workspace.id, 'campaign_manager');
    const first = await callRoute(redeemRoute.POST, { key, method: 'POST', params: { code: qr.code.toLowerCase() } });
    expect(first).toMatchObject({ status: 200, body: { code: qr.code, redeemedAt: expect.any(String) } });
    const second = await callRoute(redeemRoute.POST, { key, method: 'POST', params: { code: qr.code } });
    expect(second).toMatchObject({ status: 409, body: { redeemedAt: first.body.redeemedAt } });
    expect(await countOutboxEvents({}, { entity_id: qr.id, event_type: 'qr_redeemed' })).toBe(1);

    expect((await callRoute(redeemRoute.POST, { key, method: 'POST', params: { code: 'not a code!' } })).status).toBe(400);
    expect((await callRoute(redeemRoute.POST, { key: await keyFor(c.workspace.id, 'viewer'), method: 'POST', params: { code: qr.code } })).status).toBe(403);
    const stranger = await activeCampaign({ recipients: 1 });
    expect((await callRoute(redeemRoute.POST, { key: await keyFor(stranger.workspace.id), method: 'POST', params: { code: qr.code } })).status).toBe(404);
  });
});
