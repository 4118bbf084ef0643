import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/env';

// A deployment's signing key, as the Inngest Vercel integration sets it (the prefix is not part of the HMAC key).
const SIGNING_KEY = 'signkey-prod-7f3c9a1e5b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a';
process.env.INNGEST_SIGNING_KEY = SIGNING_KEY;
process.env.INNGEST_EVENT_KEY = 'test-event-key';
resetEnvCache();
const { GET, POST } = await import('@/app/api/inngest/route');

/** JSON with keys sorted at every level (RFC 8785 for these plain values): what Inngest signs. */
const canonical = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
  : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
  : JSON.stringify(v);

/**
 * Signs a call the way Inngest does: hex HMAC-SHA256 of the canonical JSON body followed by the timestamp, keyed by the
 * signing key without its `signkey-<env>-` prefix; `t=<unix seconds>&s=<hex>`.
 */
function signature(body: string, key = SIGNING_KEY, at = Math.floor(Date.now() / 1000)) {
  const data = body ? canonical(JSON.parse(body)) : '';
  const hmac = createHmac('sha256', key.replace(/^signkey-\w+-/, '')).update(data + at).digest('hex');
  return `t=${at}&s=${hmac}`;
}

const FN = 'herald-jobs-prune-finished';
const callBody = JSON.stringify({
  event: { name: 'inngest/scheduled.timer', data: { cron: '17 * * * *' }, ts: Date.now() },
  events: [{ name: 'inngest/scheduled.timer', data: { cron: '17 * * * *' }, ts: Date.now() }],
  steps: {},
  ctx: { run_id: '01JTESTRUN0000000000000000', attempt: 0, disable_immediate_execution: true, use_api: false, stack: { stack: [], current: 0 } },
  version: 1,
});
const call = (headers: Record<string, string>, body = callBody) =>
  POST(new Request(`http://localhost/api/inngest?fnId=${FN}&stepId=step`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }) as never, {} as never);

describe('/api/inngest in cloud mode', () => {
  it('rejects an unsigned call to a job (401) and runs nothing', async () => {
    const res = await call({});
    expect(res.status).toBe(401);
  });

  it('rejects a call signed with another key, or with an altered body, or signed too long ago', async () => {
    expect((await call({ 'x-inngest-signature': signature(callBody, 'signkey-prod-0000000000000000000000000000000000000000000000000000000000000000') })).status).toBe(401);
    expect((await call({ 'x-inngest-signature': signature(callBody) }, callBody.replace('17 * * * *', '18 * * * *'))).status).toBe(401);
    expect((await call({ 'x-inngest-signature': signature(callBody, SIGNING_KEY, Math.floor(Date.now() / 1000) - 3600) })).status).toBe(401);
  });

  it('runs a correctly signed call and signs its answer', async () => {
    const res = await call({ 'x-inngest-signature': signature(callBody) });
    // 206: the function reached its first step and hands it back to Inngest, as a real call would.
    expect([200, 206]).toContain(res.status);
    expect(res.headers.get('x-inngest-signature')).toMatch(/^t=\d+&s=[0-9a-f]{64}$/);
  });

  it('answers introspection only to a signed GET, without secrets', async () => {
    expect((await GET(new Request('http://localhost/api/inngest') as never, {} as never)).status).toBe(401);
    const res = await GET(new Request('http://localhost/api/inngest', { headers: { 'x-inngest-signature': signature('') } }) as never, {} as never);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ mode: 'cloud', has_signing_key: true });
    expect(JSON.stringify(body)).not.toContain(SIGNING_KEY.slice(-20));
  });
});
