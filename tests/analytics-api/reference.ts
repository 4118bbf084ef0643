/**
 * The expected answers, computed in plain TypeScript from the very events the test inserted, so the API's
 * ClickHouse queries are checked against an independent count.
 */
import type { AnalyticsEventInput } from '@/lib/analytics/events';

export type Ev = AnalyticsEventInput & { occurredAt: string };

export const at = (e: Ev) => new Date(e.occurredAt).getTime();

export const within = (start: string, end: string) => (e: Ev) => at(e) >= new Date(start).getTime() && at(e) < new Date(end).getTime();

export const count = (events: Ev[], ...preds: ((e: Ev) => boolean)[]) => events.filter((e) => preds.every((p) => p(e))).length;

export const type = (t: string) => (e: Ev) => e.eventType === t;
export const channel = (c: string) => (e: Ev) => e.channel === c;
export const campaign = (c: string) => (e: Ev) => e.campaignId === c;
export const tpl = (t: string) => (e: Ev) => e.templateId === t;

export const pct = (part: number, whole: number, decimals = 2) => (whole > 0 ? Math.round((part / whole) * 100 * 10 ** decimals) / 10 ** decimals : 0);

/** Message counts of the events that pass every predicate. */
export function counts(events: Ev[], ...preds: ((e: Ev) => boolean)[]) {
  const of = (t: string) => count(events, type(t), ...preds);
  return {
    sent: of('message_sent'),
    delivered: of('message_delivered'),
    opened: of('message_opened'),
    clicked: of('message_clicked'),
    bounced: of('message_bounced'),
    complained: of('message_complained'),
    failed: of('message_failed'),
    unsubscribed: of('message_unsubscribed'),
  };
}

/** Wall-clock hour and ISO weekday (1 = Monday) of an instant in a zone, straight from Intl. */
const formats = new Map<string, Intl.DateTimeFormat>();

export function localParts(ms: number, timeZone: string) {
  const f = formats.get(timeZone) ?? formats.set(timeZone, new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', weekday: 'short' })).get(timeZone)!;
  const parts = f.formatToParts(new Date(ms));
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.find((p) => p.type === 'weekday')!.value) + 1;
  return { hour, weekday };
}
