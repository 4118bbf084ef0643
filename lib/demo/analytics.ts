import { ensureClickHouse, getClickHouse, insertSettings, queryRows } from '@/lib/clickhouse';

export interface DemoAnalyticsInput {
  tenantId: string;
  campaignIds: string[];
  templateIds: string[];
  contactIds: string[];
  days?: number;
  messages?: number;
  calls?: number;
}

// Hours weighted towards a late-morning and an early-afternoon peak, as real sends and opens are.
const HOURS = [7, 8, 9, 9, 10, 10, 10, 11, 11, 12, 13, 14, 14, 14, 15, 15, 16, 17, 18, 19, 20, 21, 3, 22];

/**
 * Months of realistic events for the demo tenant, generated inside the engine (about a million rows a second):
 * each message is sent, then delivered, opened, clicked, bounced or complained with plausible odds, and calls
 * end with outcomes, intents and journey steps. Skipped when the tenant already has events.
 */
export async function seedDemoAnalytics(input: DemoAnalyticsInput): Promise<number> {
  await ensureClickHouse();
  const [{ n }] = await queryRows<{ n: string }>('SELECT count() AS n FROM analytics_events WHERE tenant_id = {t:String}', { t: input.tenantId });
  if (Number(n) > 0) return 0;
  const params = {
    tenant: input.tenantId,
    campaigns: input.campaignIds,
    templates: input.templateIds,
    contacts: input.contactIds,
    hours: HOURS,
    days: input.days ?? 180,
  };
  const client = getClickHouse();
  const settings = { ...insertSettings(), max_insert_threads: '2' };
  await client.command({
    query: `
      INSERT INTO analytics_events (id, tenant_id, event_type, entity_type, entity_id, channel, contact_id, source_type, source_id, campaign_id, template_id, metadata, occurred_at)
      SELECT generateUUIDv4(), {tenant:String}, ev.1, 'message', msg_id, channel, contact, 'campaign', campaign, campaign, template, '{}', sent_at + toIntervalSecond(ev.2)
      FROM (
        SELECT
          toString(generateUUIDv4(number)) AS msg_id,
          cityHash64(number, 1) % 1000 AS r1,
          cityHash64(number, 2) % 1000 AS r2,
          cityHash64(number, 3) % 1000 AS r3,
          multiIf(r1 < 650, 'email', r1 < 850, 'sms', r1 < 950, 'whatsapp', 'push') AS channel,
          {campaigns:Array(String)}[1 + cityHash64(number, 4) % length({campaigns:Array(String)})] AS campaign,
          {templates:Array(String)}[1 + cityHash64(number, 5) % length({templates:Array(String)})] AS template,
          {contacts:Array(String)}[1 + cityHash64(number, 6) % length({contacts:Array(String)})] AS contact,
          -- more recent days are busier: sqrt skews the day towards today
          toUInt32(floor({days:UInt32} * (1 - sqrt((cityHash64(number, 7) % 10000) / 10000)))) AS days_ago,
          toStartOfDay(now64(3)) - toIntervalDay(days_ago)
            + toIntervalHour({hours:Array(UInt8)}[1 + cityHash64(number, 8) % length({hours:Array(UInt8)})])
            + toIntervalSecond(cityHash64(number, 9) % 3600) AS sent_at,
          toDayOfWeek(sent_at) >= 6 AND r3 < 400 AS weekend_skip
        FROM numbers({messages:UInt32})
      )
      ARRAY JOIN arrayFilter(x -> x.3, [
        ('message_sent', 0, true),
        ('message_delivered', 20 + r2 % 200, r2 < 960),
        ('message_bounced', 30, r2 >= 975),
        ('message_opened', 600 + r3 * 40, r2 < 960 AND channel IN ('email', 'push', 'whatsapp') AND r3 < 380),
        ('message_clicked', 900 + r3 * 50, r2 < 960 AND channel IN ('email', 'push', 'whatsapp') AND r3 < 110),
        ('message_complained', 7200, r2 < 960 AND r3 = 999),
        ('message_unsubscribed', 7300, r2 < 960 AND r3 >= 995)
      ]) AS ev
      WHERE NOT weekend_skip AND sent_at <= now64(3)`,
    query_params: { ...params, messages: input.messages ?? 150_000 },
    clickhouse_settings: settings,
  });
  await client.command({
    query: `
      INSERT INTO analytics_events (id, tenant_id, event_type, entity_type, entity_id, channel, contact_id, source_type, source_id, campaign_id, metadata, occurred_at, category, label, value, outcome, duration_seconds)
      SELECT generateUUIDv4(), {tenant:String}, ev.1, 'call', call_id, 'voice', contact, 'campaign', campaign, campaign, '{}', at + toIntervalSecond(ev.2), ev.3, ev.4, ev.5, ev.6, ev.7
      FROM (
        SELECT
          toString(generateUUIDv4(number + 100000000)) AS call_id,
          cityHash64(number, 11) % 1000 AS r1,
          cityHash64(number, 12) % 1000 AS r2,
          {campaigns:Array(String)}[1 + cityHash64(number, 13) % length({campaigns:Array(String)})] AS campaign,
          {contacts:Array(String)}[1 + cityHash64(number, 14) % length({contacts:Array(String)})] AS contact,
          toStartOfDay(now64(3)) - toIntervalDay(cityHash64(number, 15) % {days:UInt32})
            + toIntervalHour({hours:Array(UInt8)}[1 + cityHash64(number, 16) % length({hours:Array(UInt8)})]) AS at,
          multiIf(r1 < 450, 'completed', r1 < 560, 'refused', r1 < 840, 'no_answer', r1 < 940, 'busy', 'failed') AS outcome,
          if(outcome = 'completed', 30 + r2 % 420, if(outcome = 'refused', 5 + r2 % 40, 0)) AS duration
        FROM numbers({calls:UInt32})
      )
      ARRAY JOIN arrayFilter(x -> x.8, [
        ('call_ended', duration, '', '', CAST(NULL AS Nullable(Float64)), outcome, CAST(duration AS Nullable(Float64)), true),
        ('funnel_step', 1, 'journey', 'picked_up', CAST(1 AS Nullable(Float64)), '', CAST(NULL AS Nullable(Float64)), outcome IN ('completed', 'refused')),
        ('intent_detected', duration, 'intent', multiIf(r2 < 420, 'interested', r2 < 700, 'not_interested', r2 < 850, 'callback_requested', r2 < 950, 'wrong_person', 'do_not_call'), CAST(NULL AS Nullable(Float64)), '', CAST(NULL AS Nullable(Float64)), outcome = 'completed'),
        ('funnel_step', duration + 1, 'journey', 'interested', CAST(2 AS Nullable(Float64)), '', CAST(NULL AS Nullable(Float64)), outcome = 'completed' AND r2 < 420),
        ('funnel_step', duration + 2, 'journey', 'qualified', CAST(3 AS Nullable(Float64)), '', CAST(NULL AS Nullable(Float64)), outcome = 'completed' AND r2 < 180)
      ]) AS ev
      WHERE at <= now64(3)`,
    query_params: { ...params, calls: input.calls ?? 20_000 },
    clickhouse_settings: settings,
  });
  const [{ total }] = await queryRows<{ total: string }>('SELECT count() AS total FROM analytics_events WHERE tenant_id = {t:String}', { t: input.tenantId });
  return Number(total);
}
