/**
 * The engagement controls at send time, applied to a claimed batch before any message row exists: quiet hours defer a
 * send to the window's end in the contact's zone, an A/B test picks the variant (or holds the rest group for the
 * winner), and a frequency cap reserves the contact's place or defers / skips the send. Every change is noted for
 * the campaign's contact list.
 */
import type { ClaimedRecipient } from '@/lib/delivery/claim';
import { canonicalTimeZone } from '@/lib/time-zones';
import { quietUntil } from '@/lib/engagement/quiet-hours';
import { reserveCappedSends } from '@/lib/engagement/frequency-caps';
import { assignVariant, decideExperiment, variantLetter, type RunningExperiment } from '@/lib/engagement/experiments';
import type { EngagementRules } from '@/lib/engagement/settings';
import type { ControlNote } from '@/lib/engagement/controls';
import { ANALYTICS_CHANNEL } from '@/lib/channels/content';

export interface EngagementContext {
  rules: EngagementRules;
  experiments: Map<number, RunningExperiment>;
}

export interface Gated {
  send: ClaimedRecipient[];
  deferred: { recipient: ClaimedRecipient; until: Date }[];
  skipped: { recipient: ClaimedRecipient; reason: string }[];
  notes: ControlNote[];
}

const MINUTE_MS = 60_000;
const clocks = new Map<string, Intl.DateTimeFormat>();
function clock(t: number, timeZone: string): string {
  let f = clocks.get(timeZone);
  if (!f) clocks.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  return f.format(t);
}
const formatDays = (days: number) => (days === 1 ? '1 day' : `${days} days`);

export async function gateSends(workspaceId: string, campaignId: string, ec: EngagementContext, recipients: ClaimedRecipient[], now = Date.now()): Promise<Gated> {
  const out: Gated = { send: [], deferred: [], skipped: [], notes: [] };
  const defer = (recipient: ClaimedRecipient, until: number, note: Omit<ControlNote, 'contactId' | 'stepIndex' | 'action' | 'until'>) => {
    out.deferred.push({ recipient, until: new Date(until) });
    out.notes.push({ ...note, contactId: recipient.contactId, stepIndex: recipient.stepIndex, action: 'deferred', until: new Date(until) });
  };
  const decided = new Map<number, number>();
  let going: ClaimedRecipient[] = [];
  for (const r of recipients) {
    const zone = (r.timeZone && canonicalTimeZone(r.timeZone)) || ec.rules.timeZone;
    const quiet = quietUntil(ec.rules.quietHours, zone, now);
    if (quiet !== null) {
      const w = ec.rules.quietHours!;
      defer(r, quiet, { control: 'quiet_hours', detail: `Quiet hours ${w.start}–${w.end} in ${zone}: waits until ${clock(quiet, zone)}` });
      continue;
    }
    const test = ec.experiments.get(r.stepIndex);
    if (!test) {
      going.push(r);
      continue;
    }
    const a = assignVariant(campaignId, r.stepIndex, r.contactId, test.config);
    if (a.group === 'test') {
      const v = test.config.variants[a.variant];
      const sendAt = (r.stepDueAt?.getTime() ?? now) + v.delayMinutes * MINUTE_MS;
      if (sendAt > now) {
        defer(r, sendAt, { control: 'variant', detail: `Variant ${variantLetter(a.variant)} (test group) sends ${v.delayMinutes} min after the step` });
        continue;
      }
      going.push({ ...r, templateId: v.templateId, variant: a.variant });
      out.notes.push({ contactId: r.contactId, stepIndex: r.stepIndex, control: 'variant', action: 'assigned', detail: `Variant ${variantLetter(a.variant)} (test group)` });
      continue;
    }
    let winner = test.winner ?? decided.get(r.stepIndex) ?? null;
    if (winner === null && test.decideAt.getTime() <= now) {
      winner = await decideExperiment(campaignId, r.stepIndex);
      decided.set(r.stepIndex, winner);
    }
    if (winner === null) {
      defer(r, test.decideAt.getTime(), { control: 'variant', detail: 'Rest group: waits for the A/B test’s winner' });
      continue;
    }
    going.push({ ...r, templateId: test.config.variants[winner].templateId });
    out.notes.push({ contactId: r.contactId, stepIndex: r.stepIndex, control: 'variant', action: 'assigned', detail: `Winner ${variantLetter(winner)} (rest group)` });
  }
  // Caps count per channel (a call is `voice`), so each channel's sends reserve under their own cap.
  const capped = new Set<ClaimedRecipient>();
  for (const cap of ec.rules.caps) {
    const ofChannel = going.filter((r) => ANALYTICS_CHANNEL[r.channel ?? 'email'] === cap.channel);
    if (!ofChannel.length) continue;
    const verdict = await reserveCappedSends(workspaceId, cap.channel, cap, ofChannel.map((r) => ({ campaignId, stepIndex: r.stepIndex, contactId: r.contactId })));
    for (const r of ofChannel) {
      const over = verdict.capped.get(r.contactId);
      if (!over) continue;
      capped.add(r);
      const detail = `${over.count} of ${cap.limit} ${cap.channel} messages in ${formatDays(cap.days)}`;
      if (ec.rules.cappedSends === 'skip') {
        out.skipped.push({ recipient: r, reason: 'frequency_cap' });
        out.notes.push({ contactId: r.contactId, stepIndex: r.stepIndex, control: 'frequency_cap', action: 'skipped', detail: `Skipped: ${detail}` });
      } else defer(r, Math.max(over.until.getTime(), now + MINUTE_MS), { control: 'frequency_cap', detail: `Deferred: ${detail}` });
    }
  }
  going = going.filter((r) => !capped.has(r));
  out.send = going;
  return out;
}
