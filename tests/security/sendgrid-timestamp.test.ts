import { createSign, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';
import { SIGNATURE_TOLERANCE_SECONDS } from '@/lib/webhooks/timestamp';
import * as sendgrid from '@/app/api/webhooks/sendgrid/route';

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const body = JSON.stringify([{ event: 'delivered', timestamp: 1_790_000_000, herald_message_id: '00000000-0000-4000-8000-000000000000' }]);

/** A body signed correctly with SendGrid's scheme, dated `at`. */
async function signedPost(at: Date) {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const signature = createSign('sha256').update(timestamp + body).sign(keys.privateKey).toString('base64');
  const req = new Request('http://herald.test/api/webhooks/sendgrid', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-twilio-email-event-webhook-signature': signature, 'x-twilio-email-event-webhook-timestamp': timestamp },
    body,
  });
  const res = await sendgrid.POST(req, { params: Promise.resolve({}) });
  return { status: res.status, body: await res.json() };
}

beforeAll(() => {
  process.env.SENDGRID_WEBHOOK_PUBLIC_KEY = keys.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  resetEnvCache();
});
afterAll(() => {
  delete process.env.SENDGRID_WEBHOOK_PUBLIC_KEY;
  resetEnvCache();
});

describe('SendGrid webhook timestamp tolerance', () => {
  const now = Date.now();

  it('accepts a correctly signed body dated now or just inside the tolerance (the message is unknown: 202)', async () => {
    expect((await signedPost(new Date(now))).status).toBe(202);
    expect((await signedPost(new Date(now - (SIGNATURE_TOLERANCE_SECONDS - 30) * 1000))).status).toBe(202);
    expect((await signedPost(new Date(now + (SIGNATURE_TOLERANCE_SECONDS - 30) * 1000))).status).toBe(202);
  });

  it.each([
    ['2020', new Date('2020-06-01T00:00:00Z')],
    ['24 hours ago', new Date(now - 24 * 3600_000)],
    ['a year ahead', new Date(now + 365 * 24 * 3600_000)],
    ['just past the tolerance', new Date(now - (SIGNATURE_TOLERANCE_SECONDS + 30) * 1000)],
  ])('refuses a correctly signed body dated %s with 401', async (_, at) => {
    const res = await signedPost(at);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/tolerance/);
  });
});
