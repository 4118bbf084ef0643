/**
 * GET /api/campaigns/[id]/summary (seed 000): one campaign's send metrics from PostgreSQL.
 *
 * - targeted: campaigns.targeted_count (set at activation, excluded contacts included), else its recipients;
 * - excluded: campaigns.excluded_count, recipients who get nothing: left out at activation (consent, suppression,
 *   holdout) or at send time (no phone number or consent for the campaign's only channel), as the stats count them;
 * - sent: messages with a sent_at; failed: messages failed or bounced; bounced: those of the failed that were sent first
 *   (so counted in sent as well); uncertain: messages that were in flight when
 *   their dispatcher stopped (the server may have them; not resent by default);
 * - completion: activation → completion time, null until the campaign completes;
 * - sendRate: messages per second from the first sent_at to completed_at (else the last sent_at), to the last
 *   sent_at while active, to the pause while paused (null before anything was sent), so it holds still once
 *   sending stops instead of falling with the clock;
 * - qrCodes: generated (rows), scanned (scanned at least once), redeemed, and redeemed / generated in percent;
 * - failureReasons: delivery_attempts that did not succeed for the campaign's messages, by reason (else code),
 *   uncertain messages by their reason, and bounces the provider reported later by theirs, so every message counted
 *   as failed has a reason beside it.
 * - messagesByChannel: emails and texts per channel (calls have their outcomes in the stats): sent, delivered (the
 *   provider reported delivery; complaints were delivered first), awaiting a delivery report, failed (failed or
 *   bounced) and complained.
 * `live` is true while the campaign is active: the dashboard refreshes itself only then.
 */
import { db } from '@/lib/db';
import { isoSeconds } from '@/lib/analytics/range';
import { percent, round } from '@/lib/analytics/rates';
import { campaignOf } from '@/lib/analytics/scope';

const FAILURE_REASONS_SHOWN = 10;

/** Where the send-rate window ends for a campaign in this status. */
function rateWindowEnd(c: { status: string; completedAt: Date | null; pausedAt: Date | null }, lastSent: Date | null, now: Date): Date | null {
  if (c.status === 'completed') return c.completedAt ?? lastSent;
  if (c.status === 'active') return lastSent ?? now;
  if (c.status === 'paused') return c.pausedAt ?? lastSent;
  return null;
}

export async function campaignSummary(workspaceId: string, campaignId: string, now = new Date()) {
  const c = await campaignOf(workspaceId, campaignId);
  const [[messages], recipients, [qr], reasons, byChannel] = await Promise.all([
    db.$queryRaw<{ sent: number; failed: number; bounced: number; uncertain: number; first_sent: Date | null; last_sent: Date | null }[]>`
      SELECT count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
             count(*) FILTER (WHERE status IN ('failed', 'bounced'))::int AS failed,
             count(*) FILTER (WHERE status = 'bounced')::int AS bounced,
             count(*) FILTER (WHERE status = 'uncertain')::int AS uncertain,
             min(sent_at) AS first_sent, max(sent_at) AS last_sent
      FROM messages WHERE campaign_id = ${c.id}::uuid`,
    c.targetedCount > 0 ? Promise.resolve(c.targetedCount) : db.campaignRecipient.count({ where: { campaignId: c.id } }),
    db.$queryRaw<{ generated: number; scanned: number; scans: number; redeemed: number }[]>`
      SELECT count(*)::int AS generated, count(*) FILTER (WHERE scan_count > 0)::int AS scanned,
             coalesce(sum(scan_count), 0)::int AS scans, count(*) FILTER (WHERE redeemed_at IS NOT NULL)::int AS redeemed
      FROM qr_codes WHERE campaign_id = ${c.id}::uuid`,
    db.$queryRaw<{ reason: string; count: number }[]>`
      SELECT reason, sum(n)::int AS count FROM (
        SELECT coalesce(nullif(a.reason, ''), nullif(a.code, ''), 'Unknown') AS reason, count(*) AS n
        FROM delivery_attempts a JOIN messages m ON m.id = a.message_id
        WHERE m.campaign_id = ${c.id}::uuid AND a.outcome <> 'success' GROUP BY 1
        UNION ALL
        SELECT coalesce(failure_reason, 'uncertain'), count(*) FROM messages
        WHERE campaign_id = ${c.id}::uuid AND status = 'uncertain' GROUP BY 1
        UNION ALL
        SELECT coalesce(failure_reason, 'Bounced'), count(*) FROM messages m
        WHERE m.campaign_id = ${c.id}::uuid AND m.status = 'bounced'
          AND NOT EXISTS (SELECT 1 FROM delivery_attempts a WHERE a.message_id = m.id AND a.outcome <> 'success') GROUP BY 1
      ) r GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${FAILURE_REASONS_SHOWN}`,
    db.$queryRaw<{ channel: string; sent: number; delivered: number; awaiting_report: number; failed: number; complained: number }[]>`
      SELECT channel, count(*) FILTER (WHERE sent_at IS NOT NULL)::int AS sent,
             count(*) FILTER (WHERE status IN ('delivered', 'complained'))::int AS delivered,
             count(*) FILTER (WHERE status = 'sent')::int AS awaiting_report,
             count(*) FILTER (WHERE status IN ('failed', 'bounced'))::int AS failed,
             count(*) FILTER (WHERE status = 'complained')::int AS complained
      FROM messages WHERE campaign_id = ${c.id}::uuid AND channel <> 'call' GROUP BY channel ORDER BY channel`,
  ]);
  const sent = messages?.sent ?? 0;
  const firstSent = messages?.first_sent ?? c.firstSentAt;
  const lastSent = messages?.last_sent ?? c.lastSentAt;
  const windowEnd = firstSent ? rateWindowEnd(c, lastSent, now) : null;
  const seconds = firstSent && windowEnd ? Math.max(1, (windowEnd.getTime() - firstSent.getTime()) / 1000) : null;
  const iso = (d: Date | null) => (d ? isoSeconds(d) : null);
  return {
    campaign: {
      id: c.id,
      name: c.name,
      status: c.status,
      createdAt: iso(c.createdAt),
      activatedAt: iso(c.activatedAt),
      pausedAt: iso(c.pausedAt),
      completedAt: iso(c.completedAt),
    },
    targeted: recipients,
    excluded: c.excludedCount,
    sent,
    failed: messages?.failed ?? 0,
    bounced: messages?.bounced ?? 0,
    uncertain: messages?.uncertain ?? 0,
    completion: {
      completedAt: iso(c.completedAt),
      durationSeconds: c.completedAt && c.activatedAt ? Math.round((c.completedAt.getTime() - c.activatedAt.getTime()) / 1000) : null,
    },
    sendRate: {
      messagesPerSecond: seconds ? round(sent / seconds, 4) : null,
      messagesPerMinute: seconds ? round((sent / seconds) * 60) : null,
      from: iso(firstSent),
      to: iso(windowEnd),
    },
    qrCodes: {
      generated: qr?.generated ?? 0,
      scanned: qr?.scanned ?? 0,
      totalScans: qr?.scans ?? 0,
      redeemed: qr?.redeemed ?? 0,
      redemptionRate: percent(qr?.redeemed ?? 0, qr?.generated ?? 0),
    },
    failureReasons: reasons,
    messagesByChannel: byChannel.map((r) => ({ channel: r.channel, sent: r.sent, delivered: r.delivered, awaitingReport: r.awaiting_report, failed: r.failed, complained: r.complained })),
    live: c.status === 'active',
    generatedAt: isoSeconds(now),
  };
}

export type CampaignSummary = Awaited<ReturnType<typeof campaignSummary>>;
