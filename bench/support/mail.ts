import { fork } from 'node:child_process';
import { once } from 'node:events';

/** What the dispatch and pause scenarios share: the loopback SMTP sink process and a bench campaign. */

export const BENCH_ACTOR = (workspaceId: string) => ({ workspaceId, role: 'admin' as const, via: 'api_key' as const });

/** The starter template without its QR code (a per-recipient PNG, a cost of its own). */
export async function benchTemplate() {
  const { STARTER_TEMPLATE } = await import('@/lib/templates/samples');
  return { ...STARTER_TEMPLATE, htmlBody: STARTER_TEMPLATE.htmlBody.replace('{{ qr_code }}', ''), name: 'Bench', preheader: STARTER_TEMPLATE.preheader };
}

export interface SinkCount {
  count: number;
  distinct: number;
  /** Date.now() of the last arrival (0 when none). */
  last: number;
  /** The sink's own CPU milliseconds since the last reset: receiving is part of the machine's load in a bench. */
  cpuMs: number;
}

export interface Sink {
  url: string;
  count(): Promise<SinkCount>;
  reset(): void;
  close(): void;
}

/** The SMTP sink in its own process, so the sender does not pay for receiving. */
export async function startSink(): Promise<Sink> {
  const child = fork(new URL('./smtp-sink.mjs', import.meta.url).pathname, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [{ port }] = (await once(child, 'message')) as [{ port: number }];
  return {
    url: `smtp://127.0.0.1:${port}`,
    async count() {
      child.send('count');
      return ((await once(child, 'message')) as [SinkCount])[0];
    },
    reset: () => child.send('reset'),
    close: () => child.send('close'),
  };
}

/** Points this process's transport at the sink (and makes tracking links absolute). */
export async function pointTransportAt(sink: Sink) {
  process.env.SMTP_URL = sink.url;
  process.env.APP_URL = 'https://herald.example.com';
  const { resetEnvCache } = await import('@/lib/env');
  resetEnvCache();
  const { closeTransport } = await import('@/lib/delivery/transport');
  await closeTransport();
}

/** A workspace, `n` opted-in contacts, the bench template and an activated one-email campaign due now. */
export async function benchCampaign(n: number, sendRateLimit: number | null = null) {
  const { db } = await import('@/lib/db');
  const { activateCampaign } = await import('@/lib/campaigns/activate');
  const slug = `bench-${Math.random().toString(36).slice(2, 10)}`;
  const ws = await db.workspace.create({ data: { name: 'Bench', slug } });
  await db.$executeRawUnsafe(
    `INSERT INTO contacts (workspace_id, email, first_name, last_name, marketing_opt_in, tags, attributes)
     SELECT $1::uuid, 'r' || g || '@bench.test', 'Reader' || g, 'Bench', true, ARRAY['bench'], jsonb_build_object('plan', CASE WHEN g % 3 = 0 THEN 'pro' ELSE 'free' END)
     FROM generate_series(1, $2::int) g`,
    ws.id,
    n,
  );
  const template = await db.template.create({ data: { workspaceId: ws.id, ...(await benchTemplate()) } });
  const segment = await db.segment.create({
    data: { workspaceId: ws.id, name: 'All', criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'tags', operator: 'contains', value: 'bench' }] } },
  });
  const campaign = await db.campaign.create({
    data: { workspaceId: ws.id, name: 'Bench', segmentId: segment.id, templateId: template.id, startDate: '2020-01-01', timeZone: 'UTC', sendRateLimit },
  });
  await activateCampaign(BENCH_ACTOR(ws.id), campaign.id);
  await db.job.deleteMany({}); // no worker runs here; the queued dispatch job is not needed
  return { campaignId: campaign.id, template, workspaceId: ws.id };
}
