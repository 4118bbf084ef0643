/**
 * The demo tells one story: after a fresh seed, every demo campaign's figures agree between PostgreSQL (message and
 * recipient rows), ClickHouse (raw events and both rollups), the stats and summary APIs, the campaign page, its
 * dashboard and the overview, each read through the lib function its route or page calls.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '@/lib/db'
import { queryRows } from '@/lib/clickhouse'
import { seedDemo } from '@/lib/demo/seed'
import { campaignSummary } from '@/lib/analytics/campaign-summary'
import { SEED_STATUS, campaignStats, statsQuerySchema } from '@/lib/analytics/campaign-stats'
import { campaignChannels } from '@/lib/analytics/campaign-channels'
import { funnel, funnelParams } from '@/lib/analytics/queries/funnel'
import { overview, overviewParams } from '@/lib/analytics/queries/overview'
import { getCampaign, recipientBreakdown } from '@/lib/campaigns/queries'
import { stepProgress } from '@/lib/campaigns/progress'
import { workspaceTotals } from '@/lib/overview/workspace-totals'
import { listFlows } from '@/lib/flows/service'
import { ANALYTICS_CHANNEL, type TemplateChannel } from '@/lib/channels/content'
import { withAnalyticsStores } from './helpers'

withAnalyticsStores()

interface Figures {
  status: string
  contacts: number
  sent: number
  failed: number
  delivered: number
  opened: number
  clicked: number
}

let workspaceId = ''
let campaigns: { id: string; name: string; status: string }[] = []

beforeAll(async () => {
  workspaceId = (await seedDemo()).workspaceId
  campaigns = await db.campaign.findMany({ where: { workspaceId }, select: { id: true, name: true, status: true }, orderBy: { name: 'asc' } })
}, 600_000)

/** What PostgreSQL's rows say about a campaign. */
async function postgresFigures(id: string): Promise<Figures> {
  const [m] = await db.$queryRaw<Omit<Figures, 'status' | 'contacts'>[]>`
    SELECT count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
           count(*) FILTER (WHERE status IN ('failed', 'bounced'))::int AS failed,
           count(*) FILTER (WHERE delivered_at IS NOT NULL)::int AS delivered,
           count(*) FILTER (WHERE opened_at IS NOT NULL)::int AS opened,
           count(*) FILTER (WHERE clicked_at IS NOT NULL)::int AS clicked
    FROM messages WHERE campaign_id = ${id}::uuid`
  const c = await db.campaign.findUniqueOrThrow({ where: { id }, select: { status: true } })
  return { status: c.status, contacts: await db.campaignRecipient.count({ where: { campaignId: id } }), ...m! }
}

/** Events of a campaign by type, from the raw table (rows and distinct ids) and from each rollup. */
async function clickhouseCounts(id: string) {
  const params = { t: workspaceId, c: id }
  const by = async (sql: string) =>
    Object.fromEntries((await queryRows<{ k: string; n: string }>(sql, params)).map((r) => [r.k, Number(r.n)])) as Record<string, number>
  const where = 'tenant_id = {t:String} AND campaign_id = {c:String}'
  return {
    raw: await by(`SELECT event_type AS k, count() AS n FROM analytics_events WHERE ${where} GROUP BY k`),
    distinct: await by(`SELECT event_type AS k, uniqExact(id) AS n FROM analytics_events WHERE ${where} GROUP BY k`),
    hourly: await by(`SELECT event_type AS k, sum(events) AS n FROM analytics_hourly WHERE ${where} GROUP BY k`),
    daily: await by(`SELECT event_type AS k, sum(events) AS n FROM analytics_daily WHERE ${where} GROUP BY k`),
    calls: await by(`SELECT outcome AS k, count() AS n FROM analytics_events WHERE ${where} AND event_type = 'call_ended' GROUP BY k`),
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

describe('the demo workspace', () => {
  it('has a campaign in every status, made through the real paths', () => {
    expect(Object.fromEntries(campaigns.map((c) => [c.name, c.status]))).toEqual({
      'Black Friday 2026': 'completed',
      'Onboarding series': 'active',
      'Pro upgrade offer (paused)': 'paused',
      'Spring newsletter (draft)': 'draft',
      // Texts and calls start when the app runs (to the local Twilio simulator by default).
      'Acme Live reminder (SMS)': 'active',
      'VIP check-in calls': 'active',
    })
  })

  it('tells the same figures for every campaign in PostgreSQL, ClickHouse, the APIs and every screen', async () => {
    const integrationCalls: string[] = []
    for (const c of campaigns) {
      const pg = await postgresFigures(c.id)
      const ch = await clickhouseCounts(c.id)
      const n = (t: string) => ch.raw[t] ?? 0
      const label = (what: string) => `${c.name}: ${what}`

      // ClickHouse: each event once, both rollups equal to raw, and the counts PostgreSQL's rows imply.
      expect(ch.distinct, label('distinct ids')).toEqual(ch.raw)
      expect(ch.hourly, label('hourly rollup')).toEqual(ch.raw)
      expect(ch.daily, label('daily rollup')).toEqual(ch.raw)
      expect(
        { sent: n('message_sent'), failed: n('message_failed') + n('message_bounced'), delivered: n('message_delivered'), opened: n('message_opened'), clicked: n('message_clicked') },
        label('events vs rows'),
      ).toEqual({ sent: pg.sent, failed: pg.failed, delivered: pg.delivered, opened: pg.opened, clicked: pg.clicked })

      // GET /stats (seed 004): contacts, status, and the call outcomes exactly as the call_ended events say.
      const stats = await campaignStats(workspaceId, c.id, statsQuerySchema.parse({}))
      const callTotal = sum(Object.values(ch.calls))
      const callsOf = (o: string) => ch.calls[o] ?? 0
      expect(stats.campaign_status, label('stats status')).toBe(SEED_STATUS[pg.status as keyof typeof SEED_STATUS])
      expect(stats.contacts.total, label('stats contacts')).toBe(pg.contacts)
      for (const o of ['completed', 'refused', 'no_answer', 'busy', 'failed'] as const) expect(stats.call_outcomes[o], label(`stats ${o}`)).toBe(callsOf(o))
      expect(stats.call_outcomes.total_attempts, label('stats attempts')).toBe(callTotal)
      // All of the demo's history lies inside the default 30 days, so the daily series adds up to the totals.
      expect(sum(stats.time_series_daily.map((p) => p.total_attempts)), label('daily series')).toBe(stats.call_outcomes.total_attempts)

      // GET /summary (seed 000): targeted, sent, failed, status, and a reason beside every failure.
      const summary = await campaignSummary(workspaceId, c.id)
      expect({ status: summary.campaign.status, targeted: summary.targeted, sent: summary.sent, failed: summary.failed }, label('summary')).toEqual({
        status: pg.status,
        targeted: pg.contacts,
        sent: pg.sent,
        failed: pg.failed,
      })
      expect(sum(summary.messagesByChannel.map((m) => m.sent)), label('summary sent by channel')).toBe(pg.sent)
      expect(sum(summary.messagesByChannel.map((m) => m.failed)), label('summary failed by channel')).toBe(pg.failed)
      expect(sum(summary.failureReasons.map((r) => r.count)), label('failure reasons')).toBe(pg.failed + summary.uncertain)

      // QR codes: the summary's counts are the rows', and every scan and redemption is one event.
      const [qr] = await db.$queryRaw<{ generated: number; scans: number; redeemed: number }[]>`
        SELECT count(*)::int AS generated, coalesce(sum(scan_count), 0)::int AS scans, count(redeemed_at)::int AS redeemed FROM qr_codes WHERE campaign_id = ${c.id}::uuid`
      expect({ generated: summary.qrCodes.generated, scans: summary.qrCodes.totalScans, redeemed: summary.qrCodes.redeemed }, label('QR codes')).toEqual(qr)
      expect({ scans: n('qr_scanned'), redeemed: n('qr_redeemed') }, label('QR events')).toEqual({ scans: qr!.scans, redeemed: qr!.redeemed })

      // The campaign page: status, targeted and recipients, and the schedule's sent and failed.
      const detail = await getCampaign(workspaceId, c.id)
      const breakdown = await recipientBreakdown(workspaceId, c.id)
      const progress = await stepProgress(workspaceId, c.id)
      expect(
        { status: detail.status, targeted: detail.targetedCount, recipients: sum(Object.values(breakdown.byState)), sent: sum(progress.map((p) => p.sent)), failed: sum(progress.map((p) => p.failed)) },
        label('campaign page'),
      ).toEqual({ status: pg.status, targeted: pg.contacts, recipients: pg.contacts, sent: pg.sent, failed: pg.failed })
      // One meaning of excluded: the campaign's count, the summary's, the stats' and the page's reasons.
      const excluded = await db.campaignRecipient.count({ where: { campaignId: c.id, state: 'excluded' } })
      expect(
        { row: detail.excludedCount, summary: summary.excluded, stats: stats.contacts.excluded, page: breakdown.byState.excluded, reasons: sum(Object.values(breakdown.exclusions)) },
        label('excluded'),
      ).toEqual({ row: excluded, summary: excluded, stats: excluded, page: excluded, reasons: excluded })

      // The dashboard: its email funnel over the campaign's life, and the call panels only where calls came in.
      const today = new Date().toISOString().slice(0, 10)
      const since = (detail.activatedAt ?? detail.createdAt).toISOString().slice(0, 10)
      const f = await funnel(workspaceId, funnelParams.parse({ campaignId: c.id, startDate: since, endDate: today }))
      const email = Object.fromEntries(f.funnels.find((x) => x.channel === 'email')!.steps.map((s) => [s.key, s.count]))
      expect(email, label('email funnel')).toEqual({ sent: pg.sent, delivered: pg.delivered, opened: pg.opened, clicked: pg.clicked })
      const placesCalls = detail.flowId ? (await db.flowStep.count({ where: { flowId: detail.flowId, type: 'PLACE_CALL' } })) > 0 : false
      const channels = await campaignChannels(workspaceId, c.id)
      expect(channels.hasCalls, label('call panels')).toBe(callTotal > 0 || placesCalls)
      // Recipient states speak of calls only where Herald places them; an integration's calls leave them about messages.
      expect(channels.placesCalls, label('places calls')).toBe(placesCalls)
      if (channels.hasCalls && !placesCalls) integrationCalls.push(c.name)

      if (pg.status === 'draft') expect(pg, label('draft')).toMatchObject({ contacts: 0, sent: 0 })
      else expect(pg.contacts, label('recipients')).toBeGreaterThan(0)
    }
    // The demo has an email campaign whose follow-up calls an integration reported, so both words are in play.
    expect(integrationCalls).toContain('Black Friday 2026')
  })

  it('shows real sends, failures, engagement and calls, and the overview adds them up', async () => {
    const all = await Promise.all(campaigns.map((c) => postgresFigures(c.id)))
    const bf = all[campaigns.findIndex((c) => c.name === 'Black Friday 2026')]!
    expect(bf.sent).toBeGreaterThan(100)
    expect(bf.failed).toBeGreaterThan(0)
    expect(bf.opened).toBeGreaterThan(bf.clicked)
    expect(bf.clicked).toBeGreaterThan(0)
    const onboarding = campaigns.find((c) => c.name === 'Onboarding series')!
    expect(await db.qrCode.count({ where: { campaignId: onboarding.id, scanCount: { gt: 0 } } })).toBeGreaterThan(0)

    const totals = await workspaceTotals(workspaceId)
    // Every demo send lies inside the overview's default range (the last 7 days).
    const o = await overview(workspaceId, overviewParams.parse({}))
    expect(totals.contacts).toBe(3000)
    expect(totals.messagesSent).toBe(sum(all.map((f) => f.sent)))
    // The headline card's sends by channel add up, and agree with the period section's by-channel table.
    expect(sum(Object.values(totals.sentByChannel))).toBe(totals.messagesSent)
    const headline = Object.entries(totals.sentByChannel).filter(([, n]) => n > 0).map(([c, n]) => [ANALYTICS_CHANNEL[c as TemplateChannel], n])
    expect(Object.fromEntries(headline)).toEqual(Object.fromEntries(Object.entries(o.byChannel).filter(([, c]) => c.sent > 0).map(([k, c]) => [k, c.sent])))
    expect({ sent: o.summary.totalMessagesSent, delivered: o.summary.totalDelivered, opened: o.summary.totalOpened, clicked: o.summary.totalClicked }).toEqual({
      sent: totals.messagesSent,
      delivered: sum(all.map((f) => f.delivered)),
      opened: sum(all.map((f) => f.opened)),
      clicked: sum(all.map((f) => f.clicked)),
    })
  })

  it('says what each flow sends by channel', async () => {
    const flows = Object.fromEntries((await listFlows(workspaceId)).map((f) => [f.name, f.sends]))
    expect(flows['Event reminder by text']).toEqual({ email: 0, sms: 1, whatsapp: 0, call: 0 })
    expect(flows['VIP check-in call, retried once']).toEqual({ email: 0, sms: 0, whatsapp: 0, call: 1 })
    expect(flows['Onboarding: welcome, wait 3 days, follow up']).toEqual({ email: 2, sms: 0, whatsapp: 0, call: 0 })
  })
})
