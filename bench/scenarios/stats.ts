import { db } from '@/lib/db';
import { ensureClickHouse, getClickHouse } from '@/lib/clickhouse';
import { invalidateCampaignStats } from '@/lib/analytics/campaign-stats';
import { GET } from '@/app/api/campaigns/[id]/stats/route';
import { apiGetter, benchWorkspace } from '../fixtures';
import { percentile, round, timeRuns, type Scenario } from '../harness';

/** A running campaign with `n` recipients spread over seed 004's states, and two events per recipient in ClickHouse. */
async function seedCampaign(workspaceId: string, n: number): Promise<string> {
  const segment = await db.segment.create({ data: { workspaceId, name: 'everyone', criteria: { type: 'group', combinator: 'and', children: [] } } });
  const campaign = await db.campaign.create({ data: { workspaceId, segmentId: segment.id, name: 'Bench calls', status: 'active', targetedCount: n, activatedAt: new Date() } });
  await db.$executeRawUnsafe(
    `INSERT INTO contacts (workspace_id, email) SELECT $1::uuid, 'stats' || g || '@example.test' FROM generate_series(1, $2::int) g`,
    workspaceId,
    n,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO campaign_recipients (campaign_id, contact_id, state)
     SELECT $1::uuid, c.id,
            (ARRAY['pending','in_progress','completed','completed','refused','not_reached','excluded']::"RecipientState"[])[1 + abs(hashtext(c.email)) % 7]
       FROM contacts c WHERE c.workspace_id = $2::uuid`,
    campaign.id,
    workspaceId,
  );
  // Another campaign's recipients share the table, as they would in production.
  const other = await db.campaign.create({ data: { workspaceId, segmentId: segment.id, name: 'Other campaign', status: 'completed' } });
  await db.$executeRawUnsafe(
    `INSERT INTO campaign_recipients (campaign_id, contact_id, state)
     SELECT $1::uuid, c.id, 'completed' FROM contacts c WHERE c.workspace_id = $2::uuid`,
    other.id,
    workspaceId,
  );
  await db.$executeRawUnsafe('VACUUM ANALYZE campaign_recipients');
  // Calls with seed 004's outcomes and durations, and email sends and deliveries, over the last 30 days.
  await getClickHouse().command({
    query: `INSERT INTO analytics_events (id, tenant_id, event_type, entity_type, entity_id, channel, contact_id, source_type, campaign_id, metadata, occurred_at, outcome, duration_seconds)
      SELECT generateUUIDv4(number), {tenant:String}, if(number % 2 = 0, 'call_ended', ['message_sent','message_delivered'][1 + cityHash64(number) % 2]),
        'call', toString(number), if(number % 2 = 0, 'voice', 'email'), toString(intDiv(number, 2)), 'campaign', {campaign:String}, '{}',
        now64(3) - toIntervalSecond(cityHash64(number, 1) % (30 * 86400)),
        if(number % 2 = 0, ['completed','completed','refused','no_answer','busy','failed'][1 + cityHash64(number, 2) % 6], ''),
        if(number % 2 = 0, toFloat64(cityHash64(number, 3) % 600), NULL)
      FROM numbers({n:UInt64})`,
    query_params: { tenant: workspaceId, campaign: campaign.id, n: 2 * n },
    clickhouse_settings: { async_insert: 0, insert_deduplicate: 0, insert_deduplication_token: '' },
  });
  return campaign.id;
}

/** Seed 004's stats through the route handler: computed (cache dropped before each call) against served from the cache. */
export const stats: Scenario = {
  name: 'stats',
  async run({ quick }) {
    const contacts = quick ? 10_000 : 100_000;
    const runs = quick ? 15 : 40;
    await ensureClickHouse();
    const ws = await benchWorkspace('stats');
    const campaignId = await seedCampaign(ws.id, contacts);
    const get = await apiGetter(ws.id);
    const statsOf = () => get<{ cached: boolean; contacts: { total: number } }>(GET, `/api/campaigns/${campaignId}/stats`, { id: campaignId });

    const uncached: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      await invalidateCampaignStats(ws.id, campaignId);
      const t0 = performance.now();
      const answer = await statsOf();
      if (i >= 2) uncached.push(performance.now() - t0);
      if (answer.cached || answer.contacts.total !== contacts) throw new Error(`uncached stats said cached=${answer.cached}, ${answer.contacts.total} contacts`);
    }
    if (!(await statsOf()).cached) throw new Error('the second call in a row was not served from the cache');
    const cached = await timeRuns(statsOf, runs);

    const u95 = percentile(uncached, 95);
    const c95 = percentile(cached, 95);
    return {
      herald: round(u95),
      baseline: round(c95, 2),
      unit: 'ms p95',
      ratio: round(u95 / c95, 1),
      goal: '< 50 ms uncached, < 5 ms cached',
      met: u95 < 50 && c95 < 5,
      notes: `${contacts.toLocaleString('en-US')} recipients, ${(2 * contacts).toLocaleString('en-US')} events; herald = computed, baseline = cached (the ratio is what the cache saves); p50 ${round(percentile(uncached, 50))} ms vs ${round(percentile(cached, 50), 2)} ms`,
    };
  },
};
