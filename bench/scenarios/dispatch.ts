import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import nodemailer from 'nodemailer';
import { round, type Scenario } from '../harness';

/** Dispatch throughput to a loopback SMTP server (own process) vs bare pooled nodemailer sending pre-rendered mail. */

const BENCH_TEMPLATE = async () => {
  const { STARTER_TEMPLATE } = await import('@/lib/templates/samples');
  // The QR code is a per-recipient PNG (a cost of its own); the benchmark measures the common template without it.
  return { ...STARTER_TEMPLATE, htmlBody: STARTER_TEMPLATE.htmlBody.replace('{{ qr_code }}', ''), name: 'Bench', preheader: STARTER_TEMPLATE.preheader };
};

interface Sink {
  url: string;
  count(): Promise<{ count: number; distinct: number }>;
  reset(): void;
  close(): void;
}

async function startSink(): Promise<Sink> {
  const child = fork(new URL('../support/smtp-sink.mjs', import.meta.url).pathname, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [{ port }] = (await once(child, 'message')) as [{ port: number }];
  return {
    url: `smtp://127.0.0.1:${port}`,
    async count() {
      child.send('count');
      return ((await once(child, 'message')) as [{ count: number; distinct: number }])[0];
    },
    reset: () => child.send('reset'),
    close: () => child.send('close'),
  };
}

/** The run's database (bench/run.ts makes a fresh PostgreSQL one); two dispatcher processes need PostgreSQL. */
function benchDatabase() {
  const url = process.env.DATABASE_URL ?? null;
  return { kind: url ? 'PostgreSQL' : 'PGlite', url };
}

/** A workspace, `n` opted-in contacts, the bench template and an activated one-email campaign due now. */
async function campaignOf(n: number) {
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
  const template = await db.template.create({ data: { workspaceId: ws.id, ...(await BENCH_TEMPLATE()) } });
  const segment = await db.segment.create({
    data: { workspaceId: ws.id, name: 'All', criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'tags', operator: 'contains', value: 'bench' }] } },
  });
  const campaign = await db.campaign.create({
    data: { workspaceId: ws.id, name: 'Bench', segmentId: segment.id, templateId: template.id, startDate: '2020-01-01', timeZone: 'UTC' },
  });
  await activateCampaign({ workspaceId: ws.id, role: 'admin', via: 'api_key' }, campaign.id);
  await db.job.deleteMany({}); // no worker runs here; the queued dispatch job is not needed
  return { campaignId: campaign.id, template, workspaceId: ws.id };
}

/** CPU milliseconds of this process per email: a figure the machine's other load disturbs less than the wall rate. */
const cpuMsPer = (u: NodeJS.CpuUsage, n: number) => (u.user + u.system) / 1000 / Math.max(1, n);

/** Bare pooled nodemailer (the pool settings of lib/delivery/smtp.ts), 16 in flight, one pre-rendered email. */
async function bareNodemailer(url: string, n: number, html: string, text: string, subject: string): Promise<{ rate: number; cpuMs: number }> {
  const { parseConnectionUrl } = await import('nodemailer/lib/shared/index.js');
  const mailer = nodemailer.createTransport({ ...parseConnectionUrl(url), pool: true, maxConnections: 5, maxMessages: Infinity });
  const send = (i: number) =>
    mailer.sendMail({ from: 'Herald <no-reply@herald.local>', to: `r${i}@bench.test`, subject, html, text, headers: { 'List-Unsubscribe': '<https://herald.test/t/u/x>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Herald-Message-Id': `bare-${i}` } });
  await Promise.all(Array.from({ length: 50 }, (_, i) => send(i))); // warm the pool
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => { while (next < n) await send(next++); }));
  const seconds = (performance.now() - t0) / 1000;
  const cpuMs = cpuMsPer(process.cpuUsage(cpu0), n);
  mailer.close();
  return { rate: n / seconds, cpuMs };
}

async function twoProcesses(campaignId: string, env: NodeJS.ProcessEnv, raw: boolean): Promise<{ rate: number; sent: number }> {
  const preload = new URL('../support/nodelay.ts', import.meta.url).pathname;
  const workers: ChildProcess[] = [0, 1].map(() =>
    fork(new URL('../support/dispatch-worker.ts', import.meta.url).pathname, {
      env: { ...env, HERALD_BENCH_NODELAY: '1', HERALD_BENCH_RAW: raw ? '1' : '0' },
      execArgv: ['--import', 'tsx', '--import', preload],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  await Promise.all(workers.map((w) => once(w, 'message')));
  const t0 = performance.now();
  for (const w of workers) w.send({ go: campaignId });
  const results = (await Promise.all(workers.map((w) => once(w, 'message')))) as [{ result: { sent: number } }][];
  const seconds = (performance.now() - t0) / 1000;
  const sent = results.reduce((s, [r]) => s + r.result.sent, 0);
  return { rate: sent / seconds, sent };
}

/** One process dispatching a fresh campaign of `n`: emails/s from the first claim to completion, checked exactly-once. */
async function heraldOnce(sink: Sink, n: number, transport?: import('@/lib/delivery/outgoing').Transport) {
  const { db } = await import('@/lib/db');
  const { dispatchCampaign } = await import('@/lib/delivery/dispatch');
  const c = await campaignOf(n);
  sink.reset();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await dispatchCampaign(c.campaignId, { maxMs: 10 * 60_000, transport });
  const rate = r.sent / ((performance.now() - t0) / 1000);
  const cpuMs = cpuMsPer(process.cpuUsage(cpu0), r.sent);
  const received = await sink.count();
  const rows = await db.message.count({ where: { campaignId: c.campaignId, status: 'sent' } });
  if (r.sent !== n || received.distinct !== n || received.count !== n || rows !== n) {
    throw new Error(`expected ${n} once each; sent ${r.sent}, received ${received.count} (${received.distinct} distinct), rows ${rows}`);
  }
  return { rate, batches: r.batches, cpuMs };
}

/**
 * Herald's dispatch (render, tracking links, SMTP, and every row: message, attempt, recipient step, outbox event,
 * completion) against bare pooled nodemailer sending one pre-rendered email, to the same loopback sink in its own
 * process, in the same run, in three transport set-ups:
 * - as lib/delivery/smtp.ts connects today (Nagle on): both are capped by loopback delayed ACKs, so that pair only
 *   shows the cap;
 * - with TCP_NODELAY emulated on today's transport: the headline pair (both CPU-bound, nodemailer builds the MIME);
 * - with the proposed transport (TCP_NODELAY + pre-built MIME, bench/support/raw-transport.ts): one process and two.
 */
export const dispatchThroughput: Scenario = {
  name: 'dispatch (emails/s to loopback SMTP)',
  async run({ quick }) {
    const n = quick ? 3_000 : 20_000;
    const nAsIs = quick ? 500 : 2_000;
    const database = benchDatabase();
    const sink = await startSink();
    process.env.SMTP_URL = sink.url;
    process.env.APP_URL = 'https://herald.example.com';
    const { env, resetEnvCache } = await import('@/lib/env');
    resetEnvCache();
    const { closeTransport, getTransport } = await import('@/lib/delivery/transport');
    const { compileTemplate, renderForContact } = await import('@/lib/templates/render');
    const { installNoDelay } = await import('../support/nodelay');
    const { createRawSmtpTransport } = await import('../support/raw-transport');
    const warm = async () => {
      await closeTransport();
      await getTransport().send({ workspaceId: '00000000-0000-0000-0000-000000000000', to: 'warm@bench.test', subject: 'warm', html: 'x', text: 'x' });
    };
    try {
      const template = await BENCH_TEMPLATE();
      const sample = renderForContact(compileTemplate({ ...template, preheader: template.preheader ?? null, textBody: null }), { email: 'r1@bench.test', firstName: 'Reader1', attributes: { plan: 'pro' } }, { unsubscribeUrl: 'https://herald.example.com/t/u/AbCdEfGhIjKlMnOpQrStUvW.AbCdEfGhIjKlMnOpQrStUv' });

      const bareAsIs = await bareNodemailer(sink.url, nAsIs, sample.html, sample.text, sample.subject);
      await warm();
      const asIs = await heraldOnce(sink, nAsIs);

      const undo = installNoDelay();
      let bare: Awaited<ReturnType<typeof bareNodemailer>>;
      let herald: Awaited<ReturnType<typeof heraldOnce>>;
      try {
        bare = await bareNodemailer(sink.url, n, sample.html, sample.text, sample.subject);
        await warm();
        herald = await heraldOnce(sink, n);
      } finally {
        undo();
        await closeTransport();
      }

      const raw = createRawSmtpTransport(sink.url, env().MAIL_FROM);
      await raw.send({ workspaceId: '00000000-0000-0000-0000-000000000000', to: 'warm@bench.test', subject: 'warm', html: 'x', text: 'x' });
      const proposed = await heraldOnce(sink, n, raw).finally(() => raw.close());

      let two = '';
      if (database.url) {
        const second = await campaignOf(n);
        sink.reset();
        const both = await twoProcesses(second.campaignId, { ...process.env, DATABASE_URL: database.url }, true);
        const got = await sink.count();
        two = `, two processes ${round(both.rate, 0)}/s (${got.distinct}/${n} distinct arrivals, ${got.count - got.distinct} duplicates)`;
      }
      const cpu = (x: { cpuMs: number }) => `${round(x.cpuMs, 2)} ms CPU/email`;
      return {
        herald: round(herald.rate, 0),
        baseline: round(bare.rate, 0),
        unit: 'emails/s',
        ratio: round(herald.rate / bare.rate, 2),
        goal: '≥ 1,500/s with full bookkeeping',
        met: Math.max(herald.rate, proposed.rate) >= 1500,
        notes:
          `${n.toLocaleString('en-US')} recipients on ${database.kind}, ${herald.batches} batches, TCP_NODELAY emulated on today's transport for both: ` +
          `Herald ${cpu(herald)} vs bare ${cpu(bare)}; ` +
          `proposed transport (pre-built MIME + TCP_NODELAY): one process ${round(proposed.rate, 0)}/s (${round(proposed.rate / bare.rate, 2)}× bare, ${cpu(proposed)})${two}; ` +
          `as smtp.ts connects today (Nagle): Herald ${round(asIs.rate, 0)}/s vs bare ${round(bareAsIs.rate, 0)}/s (${nAsIs} emails, both latency-bound); load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
      };
    } finally {
      sink.close();
    }
  },
};
