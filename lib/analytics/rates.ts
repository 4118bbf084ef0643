/**
 * Rate and change rules shared by every analytics answer, so "open rate" means one thing everywhere:
 * - deliveryRate = delivered / sent, openRate = opened / delivered, clickRate = clicked / delivered,
 *   bounceRate = bounced / sent (percent; 0 when the denominator is 0);
 * - change vs the previous period: counts as a percent change (null when the previous period had none),
 *   rates as the difference in percentage points (null when the previous rate had nothing to divide by).
 */

export const round = (value: number, decimals = 2) => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

/** `part` as a percent of `whole`, rounded; 0 when there is no whole. */
export const percent = (part: number, whole: number, decimals = 2) => (whole > 0 ? round((part / whole) * 100, decimals) : 0);

export interface MessageCounts {
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  complained: number;
  failed: number;
  unsubscribed: number;
}

export const emptyCounts = (): MessageCounts => ({ sent: 0, delivered: 0, opened: 0, clicked: 0, bounced: 0, complained: 0, failed: 0, unsubscribed: 0 });

/** The message event type behind each count. */
export const MESSAGE_EVENTS: Record<keyof MessageCounts, string> = {
  sent: 'message_sent',
  delivered: 'message_delivered',
  opened: 'message_opened',
  clicked: 'message_clicked',
  bounced: 'message_bounced',
  complained: 'message_complained',
  failed: 'message_failed',
  unsubscribed: 'message_unsubscribed',
};

export const MESSAGE_EVENT_TYPES = Object.values(MESSAGE_EVENTS);

const COUNT_OF_EVENT = new Map(Object.entries(MESSAGE_EVENTS).map(([k, v]) => [v, k as keyof MessageCounts]));

/** Adds `n` events of `eventType` to the counts (other event types are ignored). */
export function addEvent(counts: MessageCounts, eventType: string, n: number): MessageCounts {
  const key = COUNT_OF_EVENT.get(eventType);
  if (key) counts[key] += n;
  return counts;
}

export function messageRates(c: Pick<MessageCounts, 'sent' | 'delivered' | 'opened' | 'clicked' | 'bounced'>) {
  return {
    deliveryRate: percent(c.delivered, c.sent),
    openRate: percent(c.opened, c.delivered),
    clickRate: percent(c.clicked, c.delivered),
    bounceRate: percent(c.bounced, c.sent),
  };
}

/** Percent change of a count; null when the previous period had nothing to compare with. */
export const countChange = (current: number, previous: number) => (previous > 0 ? round(((current - previous) / previous) * 100) : null);

/** Difference of two rates in percentage points; null when the previous rate had no denominator. */
export const rateChange = (current: number, previous: number, previousBase: number) => (previousBase > 0 ? round(current - previous) : null);
