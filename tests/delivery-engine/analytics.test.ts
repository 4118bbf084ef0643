/**
 * From real sends to analytics answers: a two-step campaign goes out to a loopback SMTP server, opens, clicks, an
 * unsubscribe and a QR redemption come back, the outbox is flushed to ClickHouse, and the analytics API (sequences
 * step funnel, templates, campaign stats) answers with those numbers.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db';
import { closeClickHouse, ensureClickHouse } from '@/lib/clickhouse';
import { flushOutbox } from '@/lib/analytics/flush';
import { dispatchCampaign } from '@/lib/delivery/dispatch';
import { applyFeedback } from '@/lib/delivery/feedback';
import { redeemQrCode } from '@/lib/qr/redeem';
import { withOwnDatabase } from '../setup/own-database';
import { callRoute, keyFor } from '../helpers/routes';
import { activeCampaign, dispatchUntilDone, withSmtpSink } from './helpers';
import { outboxEvents } from '../helpers/outbox';

// Outside a Next request next-auth cannot read cookies: no session, so only API keys identify callers.
vi.mock('next-auth', async (importOriginal) => ({ ...(await importOriginal<typeof import('next-auth')>()), getServerSession: async () => null }));

const sequencesRoute = (await import('@/app/api/v1/analytics/sequences/route')).GET;
const templatesRoute = (await import('@/app/api/v1/analytics/templates/route')).GET;
const statsRoute = (await import('@/app/api/campaigns/[id]/stats/route')).GET;
const summaryRoute = (await import('@/app/api/campaigns/[id]/summary/route')).GET;

withOwnDatabase('herald_delivery_analytics');
const { arrivalsOf } = withSmtpSink();
beforeAll(() => ensureClickHouse(), 60_000);
afterAll(() => closeClickHouse());

const RECIPIENTS = 6;

describe('analytics of a campaign that really went out', () => {
  let c: Awaited<ReturnType<typeof activeCampaign>>;
  let key: string;
  let messages: { id: string; stepIndex: number; templateId: string | null; contactId: string }[];

  beforeAll(async () => {
    c = await activeCampaign({ recipients: RECIPIENTS, steps: 2, html: '<html><body><a href="https://example.com/a">A</a> {{ qr_code }} <a href="{{ unsubscribe_url }}">Unsubscribe</a></body></html>' });
    key = await keyFor(c.workspace.id, 'admin');
    expect(await dispatchUntilDone(() => dispatchCampaign(c.campaign.id))).toMatchObject({ stoppedBecause: 'completed' });
    expect(await arrivalsOf(c.campaign.id)).toHaveLength(RECIPIENTS * 2);
    messages = await db.message.findMany({ where: { campaignId: c.campaign.id }, select: { id: true, stepIndex: true, templateId: true, contactId: true }, orderBy: [{ stepIndex: 'asc' }, { contactId: 'asc' }] });
    const step0 = messages.filter((m) => m.stepIndex === 0);
    const step1 = messages.filter((m) => m.stepIndex === 1);
    const at = new Date();
    // Step 1: four delivered, three opened, two clicked. Step 2: two delivered and opened, one unsubscribed.
    for (const m of step0.slice(0, 4)) await applyFeedback(m.id, { type: 'delivered', at, source: 'webhook' });
    for (const m of step0.slice(0, 3)) await applyFeedback(m.id, { type: 'opened', at, source: 'pixel' });
    for (const m of step0.slice(0, 2)) await applyFeedback(m.id, { type: 'clicked', at, source: 'link', url: 'https://example.com/a' });
    for (const m of step1.slice(0, 2)) await applyFeedback(m.id, { type: 'delivered', at, source: 'webhook' });
    for (const m of step1.slice(0, 2)) await applyFeedback(m.id, { type: 'opened', at, source: 'pixel' });
    await applyFeedback(step1[0].id, { type: 'unsubscribed', at, source: 'link' });
    const qr = await db.qrCode.findFirstOrThrow({ where: { campaignId: c.campaign.id, contactId: step1[0].contactId } });
    await redeemQrCode(c.workspace.id, qr.code, at);
    for (let i = 0; i < 10 && (await flushOutbox()).shipped > 0; i++);
  }, 120_000);

  it('every message event in the outbox names its campaign, contact, template, step, channel and flow', async () => {
    const rows = await outboxEvents({ workspaceId: c.workspace.id });
    const events = rows.map((r) => r.payload).filter((p) => String(p.event_type).startsWith('message_') || String(p.event_type).startsWith('qr_'));
    const types = new Set(events.map((e) => e.event_type));
    expect([...types].sort()).toEqual(['message_clicked', 'message_delivered', 'message_opened', 'message_sent', 'message_unsubscribed', 'qr_redeemed']);
    const byId = new Map(messages.map((m) => [m.id, m]));
    for (const e of events) {
      expect(e).toMatchObject({ campaign_id: c.campaign.id, channel: 'email', workflow_id: c.campaign.flowId });
      if (e.entity_type === 'message') {
        const m = byId.get(String(e.entity_id))!;
        expect(e).toMatchObject({ contact_id: m.contactId, template_id: m.templateId, step_index: m.stepIndex });
      }
    }
    // The redemption belongs to the last email its contact got: step 2 and its template.
    const redeemed = events.find((e) => e.event_type === 'qr_redeemed')!;
    expect(redeemed).toMatchObject({ step_index: 1, template_id: messages.find((m) => m.stepIndex === 1)!.templateId });
  });

  it('sequences: the step funnel counts each recipient at each step it was sent', async () => {
    const res = await callRoute(sequencesRoute, { key, path: `/api/v1/analytics/sequences?sequenceId=${c.campaign.flowId}` });
    expect(res.status).toBe(200);
    expect(res.body.data.stepFunnel).toEqual([
      { stepNumber: 1, executed: RECIPIENTS, replied: 0 },
      { stepNumber: 2, executed: RECIPIENTS, replied: 0 },
    ]);
    expect(res.body.data.summary).toMatchObject({ totalEnrollments: RECIPIENTS, completedEnrollments: RECIPIENTS });
  });

  it('templates: usage, deliveries, opens and clicks per template of the flow', async () => {
    const res = await callRoute(templatesRoute, { key, path: '/api/v1/analytics/templates?minVolume=0' });
    expect(res.status).toBe(200);
    const [first, second] = [0, 1].map((s) => messages.find((m) => m.stepIndex === s)!.templateId);
    const rows = new Map((res.body.data.topTemplates as { templateId: string }[]).map((r) => [r.templateId, r]));
    expect(rows.get(first!)).toMatchObject({ usageCount: RECIPIENTS, delivered: 4, opened: 3, clicked: 2 });
    expect(rows.get(second!)).toMatchObject({ usageCount: RECIPIENTS, delivered: 2, opened: 2, clicked: 0 });
  });

  it('campaign stats: recipients by state; an email campaign has no call outcomes, its emails are in the summary', async () => {
    const res = await callRoute(statsRoute, { key, path: `/api/campaigns/${c.campaign.id}/stats?include_time_series=false`, params: { id: c.campaign.id } });
    expect(res.status).toBe(200);
    expect(res.body.contacts).toMatchObject({ total: RECIPIENTS, completed: RECIPIENTS });
    expect(res.body.call_outcomes).toEqual({ total_attempts: 0, completed: 0, refused: 0, no_answer: 0, busy: 0, failed: 0 });
    const summary = await callRoute(summaryRoute, { key, path: `/api/campaigns/${c.campaign.id}/summary`, params: { id: c.campaign.id } });
    expect(summary.status).toBe(200);
    // 12 sent; 6 delivered, the other 6 with no delivery report yet.
    expect(summary.body.messagesByChannel).toEqual([{ channel: 'email', sent: 12, delivered: 6, awaitingReport: 6, failed: 0, complained: 0 }]);
  });
});
