import { afterAll, beforeAll } from 'vitest';
import { db } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { closeTransport } from '@/lib/delivery/transport';
import { createCampaign } from '@/lib/campaigns/crud';
import { activateCampaign } from '@/lib/campaigns/activate';
import { createFlow } from '@/lib/flows/service';
import { addContacts, tenant } from '../campaigns/helpers';

import { startSmtpServer, type Arrival, type SmtpSink } from '../support/smtp-server';

export { startSmtpServer, type Arrival, type SmtpOptions, type SmtpSink } from '../support/smtp-server';

/** Opens (and on PGlite migrates) the database in a hook, so the first test's time limit is spent on the test. */
export async function warmUp() {
  await db.$queryRawUnsafe('SELECT 1');
}

/** Points the app's transport at `url` (or the sink) and drops the pooled connections of the previous one. */
export async function useSmtp(url: string | undefined) {
  if (url) process.env.SMTP_URL = url;
  else delete process.env.SMTP_URL;
  resetEnvCache();
  await closeTransport();
}

/** The decoded text of every part of a raw message (base64 or quoted-printable), so tests read links whatever the encoding. */
export function bodyOf(raw: string): string {
  const [, ...rest] = raw.split(/\r?\n\r?\n/);
  const parts = rest.join('\n\n').split(/^--[^\r\n]+\r?$/m);
  return parts
    .map((p) => {
      const [head, ...body] = p.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
      const text = body.join('\n\n');
      if (/Content-Transfer-Encoding:\s*base64/i.test(head)) return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
      if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(head))
        return Buffer.from(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
      return p;
    })
    .join('\n');
}

/** Arrivals counted by message id: every value should be 1. */
export function countById(arrivals: Arrival[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of arrivals) counts.set(a.messageId, (counts.get(a.messageId) ?? 0) + 1);
  return counts;
}

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

export interface CampaignSetup {
  recipients: number;
  /** Send steps; consecutive sends with no wait are all due at once. */
  steps?: number;
  /** Hours to wait between send steps (0: no wait). */
  waitHours?: number;
  html?: string;
  sendRateLimit?: number | null;
}

/**
 * A real, activated campaign (through lib/campaigns) whose first step is due now: a tenant, `recipients` opted-in
 * contacts, a flow of `steps` sends, started yesterday so the schedule re-anchors on now.
 */
export async function activeCampaign(setup: CampaignSetup) {
  const t = await tenant();
  const html = setup.html ?? '<html><body><p>Hi {{ first_name | default: "there" }}</p><a href="https://example.com/offer?a=1&amp;b=2">Offer</a> <a href="{{ unsubscribe_url }}">Unsubscribe</a></body></html>';
  await db.template.updateMany({ where: { workspaceId: t.workspace.id }, data: { htmlBody: html } });
  const contacts = await addContacts(t.workspace.id, Array.from({ length: setup.recipients }, () => ({})));
  const steps = setup.steps ?? 1;
  const flowSteps = Array.from({ length: steps }, (_, i) => [
    ...(i > 0 && setup.waitHours ? [{ type: 'WAIT' as const, waitDays: 0, waitHours: setup.waitHours }] : []),
    { type: 'SEND_EMAIL' as const, templateId: t.templates[i % t.templates.length].id },
  ]).flat();
  const flow = await createFlow(t.workspace.id, { name: 'Flow', steps: flowSteps } as never);
  const { campaign } = await createCampaign(t.actor, {
    name: 'Delivery test',
    segmentId: t.segment.id,
    flowId: flow.id,
    startDate: yesterday(),
    startTimeOfDay: '09:00',
    sendRateLimit: setup.sendRateLimit ?? null,
  } as never);
  const activation = await activateCampaign(t.actor, campaign.id);
  return { ...t, campaign, contacts, activation };
}

/** Dispatch again and again (as the jobs would) until the campaign is done or `deadlineMs` passes. */
export async function dispatchUntilDone(dispatch: () => Promise<{ stoppedBecause: string; nextDueAt: Date | null }>, deadlineMs = 30_000) {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const r = await dispatch();
    if (r.stoppedBecause === 'completed' || r.stoppedBecause === 'paused' || Date.now() > until) return r;
    if (r.stoppedBecause === 'idle' && r.nextDueAt) await new Promise((res) => setTimeout(res, Math.max(10, Math.min(1000, r.nextDueAt!.getTime() - Date.now() + 5))));
  }
}

/** A loopback SMTP server for the whole test file, with the arrivals that belong to one campaign. */
export function withSmtpSink() {
  let smtp: SmtpSink;
  beforeAll(async () => {
    await warmUp();
    smtp = await startSmtpServer();
    await useSmtp(smtp.url);
  });
  afterAll(async () => {
    await useSmtp(undefined);
    await smtp.close();
  });
  return {
    async arrivalsOf(campaignId: string) {
      const ids = new Set((await db.message.findMany({ where: { campaignId }, select: { id: true } })).map((m) => m.id));
      return smtp.arrivals.filter((a) => ids.has(a.messageId));
    },
  };
}
