import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import nodemailer from 'nodemailer';
import { postgresCpuMs } from '../cpu';
import { round, type Scenario } from '../harness';
import { benchCampaign, benchTemplate, startSink, pointTransportAt, type Sink } from '../support/mail';

/**
 * Dispatch throughput to a loopback SMTP sink (its own process): Herald's real dispatch, full bookkeeping, in two
 * worker processes on one campaign, against one process of bare pooled nodemailer sending the same email.
 */

/** CPU milliseconds per email: a figure the machine's other load disturbs less than the wall rate. */
const cpuMsPer = (cpuMs: number, n: number) => cpuMs / Math.max(1, n);

/** One email exactly as Herald composes it for a bench recipient (tracking links, pixel, unsubscribe headers). */
async function sampleEmail() {
  const { prepareTemplate, composeEmail } = await import('@/lib/delivery/compose');
  const { publicBaseUrl } = await import('@/lib/tracking/urls');
  const template = await benchTemplate();
  const saved = { ...template, id: crypto.randomUUID(), textBody: null, preheader: template.preheader ?? null } as Parameters<typeof prepareTemplate>[0];
  const prepared = prepareTemplate(saved);
  return composeEmail({ template: prepared, contact: { email: 'r1@bench.test', firstName: 'Reader1', lastName: 'Bench', attributes: { plan: 'pro' } }, workspaceId: prepared.id, messageId: crypto.randomUUID(), base: publicBaseUrl() });
}

/**
 * Bare pooled nodemailer (the pool settings of lib/delivery/smtp.ts, Nagle off like ours, so neither side is capped
 * by delayed ACKs), 16 in flight, one pre-composed email to n addresses; nodemailer builds the MIME per send.
 */
async function bareNodemailer(url: string, n: number): Promise<{ rate: number; cpuMs: number }> {
  const { parseConnectionUrl } = await import('nodemailer/lib/shared/index.js');
  const { connectWithoutDelay } = await import('@/lib/delivery/smtp');
  const email = await sampleEmail();
  const mailer = nodemailer.createTransport({ ...parseConnectionUrl(url), pool: true, maxConnections: 5, maxMessages: Infinity, getSocket: connectWithoutDelay } as never);
  const send = (i: number) =>
    mailer.sendMail({ from: 'Herald <no-reply@herald.local>', to: `r${i}@bench.test`, subject: email.subject, html: email.html, text: email.text, headers: { ...email.headers, 'X-Herald-Message-Id': `bare-${i}` } });
  await Promise.all(Array.from({ length: 50 }, (_, i) => send(i))); // warm the pool
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => { while (next < n) await send(next++); }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  mailer.close();
  return { rate: n / seconds, cpuMs: cpuMsPer((cpu.user + cpu.system) / 1000, n) };
}

/** BENCH_PROFILE_DIR=dir writes a V8 CPU profile of each dispatcher process there. */
const profileArgs = () => (process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []);

/** `workers` processes running the real dispatchCampaign on one campaign; emails/s from "go" to the last one done. */
async function heraldWorkers(campaignId: string, workers: number): Promise<{ rate: number; sent: number; cpuMs: number; batches: number }> {
  const children: ChildProcess[] = Array.from({ length: workers }, () =>
    fork(new URL('../support/dispatch-worker.ts', import.meta.url).pathname, { execArgv: ['--import', 'tsx', ...profileArgs()], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  await Promise.all(children.map((w) => once(w, 'message')));
  const t0 = performance.now();
  for (const w of children) w.send({ go: campaignId });
  const results = (await Promise.all(children.map((w) => once(w, 'message')))) as [{ result: { sent: number; batches: number }; cpuMs: number }][];
  const seconds = (performance.now() - t0) / 1000;
  const sent = results.reduce((s, [r]) => s + r.result.sent, 0);
  const cpuMs = results.reduce((s, [r]) => s + r.cpuMs, 0);
  return { rate: sent / seconds, sent, cpuMs: cpuMsPer(cpuMs, sent), batches: results.reduce((s, [r]) => s + r.result.batches, 0) };
}

/**
 * Herald on a fresh campaign of n, checked exactly-once at the sink and in the message rows; `prepare` runs before dispatch.
 * Besides the dispatchers' own CPU per email, it measures the local PostgreSQL's and the sink's over the same run.
 */
async function herald(sink: Sink, n: number, workers: number, prepare?: (c: { campaignId: string; workspaceId: string }) => Promise<void>) {
  const { db } = await import('@/lib/db');
  const c = await benchCampaign(n);
  await prepare?.(c);
  sink.reset();
  const pg0 = postgresCpuMs();
  const r = await heraldWorkers(c.campaignId, workers);
  const pg1 = postgresCpuMs();
  const received = await sink.count();
  const rows = await db.message.count({ where: { campaignId: c.campaignId, status: 'sent' } });
  const status = (await db.campaign.findUniqueOrThrow({ where: { id: c.campaignId }, select: { status: true } })).status;
  if (r.sent !== n || received.distinct !== n || received.count !== n || rows !== n || status !== 'completed') {
    throw new Error(`expected ${n} once each and a completed campaign; sent ${r.sent}, received ${received.count} (${received.distinct} distinct), rows ${rows}, ${status}`);
  }
  return { ...r, postgresMs: pg0 !== null && pg1 !== null ? cpuMsPer(pg1 - pg0, n) : null, sinkMs: cpuMsPer(received.cpuMs, n) };
}

/**
 * Where a run's CPU went per email (dispatchers, PostgreSQL when local, the sink), and the most the machine's cores
 * could send at that cost: a rate near that ceiling is bound by this machine, not by waiting.
 */
function cpuBudget(r: Awaited<ReturnType<typeof herald>>): string {
  const total = r.cpuMs + (r.postgresMs ?? 0) + r.sinkMs;
  const parts = [`dispatchers ${round(r.cpuMs, 2)}`, ...(r.postgresMs !== null ? [`PostgreSQL ${round(r.postgresMs, 2)}`] : []), `sink ${round(r.sinkMs, 2)}`];
  return `CPU per email ${parts.join(' + ')} = ${round(total, 2)} ms, so at most ${round((os.cpus().length * 1000) / total, 0)}/s on ${os.cpus().length} cores`;
}

/**
 * Herald's dispatch (render, tracking links, SMTP, and every row: message, attempt, recipient step, outbox event,
 * completion) in two worker processes against bare pooled nodemailer in one, to the same sink, in the same run;
 * Herald in one worker process beside them shows what each process does alone.
 */
export const dispatchThroughput: Scenario = {
  name: 'dispatch (emails/s to loopback SMTP)',
  async run({ quick }) {
    const n = quick ? 4_000 : 20_000;
    if (!process.env.DATABASE_URL) throw new Error('two dispatcher processes need PostgreSQL (DATABASE_URL)');
    const sink = await startSink();
    try {
      await pointTransportAt(sink);
      const bare = await bareNodemailer(sink.url, n);
      const one = await herald(sink, n, 1);
      const two = await herald(sink, n, 2);
      const cpu = (x: { cpuMs: number }) => `${round(x.cpuMs, 2)} ms CPU/email`;
      return {
        herald: round(two.rate, 0),
        baseline: round(bare.rate, 0),
        unit: 'emails/s',
        ratio: round(two.rate / bare.rate, 2),
        goal: '≥ 1,500/s with full bookkeeping, ≥ 1.0× bare',
        met: two.rate >= 1500 && two.rate >= bare.rate,
        notes:
          `${n.toLocaleString('en-US')} recipients on PostgreSQL, each arrived once; Herald two workers ${round(two.rate, 0)}/s (${two.batches} batches; ${cpuBudget(two)}), ` +
          `one worker ${round(one.rate, 0)}/s (${round(one.rate / bare.rate, 2)}× bare, ${cpu(one)}); bare pooled nodemailer one process ${round(bare.rate, 0)}/s (${cpu(bare)}); ` +
          `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`,
      };
    } finally {
      sink.close();
    }
  },
};

/** Contacts in three zones near UTC, a frequency cap nobody reaches, and quiet hours that hold nobody right now. */
async function engagementOn({ workspaceId }: { workspaceId: string }) {
  const { db } = await import('@/lib/db');
  const { updateWorkspaceEngagement } = await import('@/lib/engagement/settings');
  await db.$executeRawUnsafe(`UPDATE contacts SET time_zone = (ARRAY['UTC', 'Europe/London', 'Europe/Paris'])[1 + (hashtext(email) & 3) % 3] WHERE workspace_id = $1::uuid`, workspaceId);
  const hhmm = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * 3_600_000).toISOString().slice(11, 16);
  await updateWorkspaceEngagement(workspaceId, { quietHoursStart: hhmm(4), quietHoursEnd: hhmm(8), frequencyCaps: [{ channel: 'email', limit: 3, days: 7 }] });
}

/**
 * The cost of the engagement controls: the same dispatch (two worker processes) with a frequency cap in force (a place
 * reserved per contact under a lock, before each send) and quiet hours checked in each contact's zone, against none.
 */
export const dispatchWithControls: Scenario = {
  name: 'dispatch with caps and quiet hours (emails/s, on vs off)',
  async run({ quick }) {
    const n = quick ? 4_000 : 20_000;
    if (!process.env.DATABASE_URL) throw new Error('two dispatcher processes need PostgreSQL (DATABASE_URL)');
    const sink = await startSink();
    try {
      await pointTransportAt(sink);
      const off = await herald(sink, n, 2);
      const on = await herald(sink, n, 2, engagementOn);
      return {
        herald: round(on.rate, 0),
        baseline: round(off.rate, 0),
        unit: 'emails/s',
        ratio: round(on.rate / off.rate, 2),
        goal: '≥ 0.8× dispatch without them',
        met: on.rate >= 0.8 * off.rate,
        notes:
          `${n.toLocaleString('en-US')} recipients each time, every one sent once; with a 3-per-7-days email cap (reserved per contact under a lock) and quiet hours checked ` +
          `in three zones: ${round(on.rate, 0)}/s (${on.cpuMs.toFixed(2)} ms CPU/email); without: ${round(off.rate, 0)}/s (${off.cpuMs.toFixed(2)} ms CPU/email); ` +
          `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`,
      };
    } finally {
      sink.close();
    }
  },
};
