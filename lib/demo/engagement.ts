import { db } from '@/lib/db';
import { applyFeedbackBatch, type Feedback } from '@/lib/delivery/feedback';
import { between, type Random } from '@/lib/demo/random';

/** How recipients of one demo campaign respond, as shares of the messages sent. */
export interface EngagementRates {
  bounced: number;
  opened: number;
  /** Share of openers who click. */
  clicked: number;
  unsubscribed: number;
  complained: number;
}

const MINUTE = 60_000;
// One simulated provider webhook request carries this many events, applied in one transaction.
const EVENTS_PER_REQUEST = 250;

export interface SentMessage {
  id: string;
  contactId: string;
  sentAt: Date;
}

/** The messages of a campaign that went out, oldest first. */
export const sentMessagesOf = (campaignId: string): Promise<SentMessage[]> =>
  db.message
    .findMany({ where: { campaignId, sentAt: { not: null } }, select: { id: true, contactId: true, sentAt: true }, orderBy: [{ sentAt: 'asc' }, { id: 'asc' }] })
    .then((rows) => rows.map((r) => ({ id: r.id, contactId: r.contactId, sentAt: r.sentAt! })));

/**
 * What the mailbox provider and the recipients report back about sent messages: delivery or a bounce within a minute
 * or two, then opens over the next day and a half, clicks, unsubscribes and the odd complaint. Nothing is reported
 * later than `until` (it has not happened yet). Returns the delivered messages with their delivery time.
 */
export function plannedFeedback(messages: SentMessage[], rates: EngagementRates, rand: Random, until: Date) {
  const items: { messageId: string; feedback: Feedback }[] = [];
  const delivered: (SentMessage & { deliveredAt: Date })[] = [];
  const add = (m: SentMessage, type: Feedback['type'], at: number, extra: Partial<Feedback> = {}) => {
    if (at < until.getTime()) items.push({ messageId: m.id, feedback: { type, at: new Date(at), source: 'webhook', ...extra } });
    return at < until.getTime();
  };
  for (const m of messages) {
    const sent = m.sentAt.getTime();
    if (rand() < rates.bounced) {
      add(m, 'bounced', sent + between(rand, 20, 90) * 1000, { reason: '550 5.1.1 The email account that you tried to reach does not exist' });
      continue;
    }
    const deliveredAt = sent + between(rand, 2, 60) * 1000;
    if (!add(m, 'delivered', deliveredAt)) continue;
    delivered.push({ ...m, deliveredAt: new Date(deliveredAt) });
    if (rand() >= rates.opened) continue;
    // Most opens come within hours; a tail arrives the next day.
    const openedAt = deliveredAt + Math.round((rand() < 0.7 ? between(rand, 2, 240) : between(rand, 240, 2160)) * MINUTE);
    if (!add(m, 'opened', openedAt)) continue;
    if (rand() < rates.clicked) add(m, 'clicked', openedAt + between(rand, 10, 900) * 1000, { url: 'https://example.com/offer' });
    const r = rand();
    if (r < rates.complained) add(m, 'complained', openedAt + between(rand, 1, 30) * MINUTE);
    else if (r < rates.complained + rates.unsubscribed) add(m, 'unsubscribed', openedAt + between(rand, 1, 10) * MINUTE);
  }
  // Providers report in time order; a request carries whatever arrived since the last one.
  items.sort((a, b) => a.feedback.at.getTime() - b.feedback.at.getTime());
  return { items, delivered };
}

/** Sends the planned feedback through the webhooks' feedback path, a request's worth per transaction. */
export async function reportFeedback(items: { messageId: string; feedback: Feedback }[]): Promise<void> {
  for (let i = 0; i < items.length; i += EVENTS_PER_REQUEST) await applyFeedbackBatch(items.slice(i, i + EVENTS_PER_REQUEST));
}
