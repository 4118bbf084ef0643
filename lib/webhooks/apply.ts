import { applyFeedback, findMessageId, type FeedbackType } from '@/lib/delivery/feedback';

/** One provider event, already verified and parsed into Herald's terms. */
export interface ProviderEvent {
  type: FeedbackType;
  messageId?: string | null;
  providerMessageId?: string | null;
  at: Date;
  url?: string;
  reason?: string;
}

export interface WebhookSummary {
  received: number;
  recorded: number;
  duplicates: number;
  /** Events for messages Herald does not know (logged, not an error: the provider must not retry them). */
  unknown: number;
  /** Provider events Herald has no use for (processed, deferred, …). */
  ignored: number;
}

/** Applies verified events one by one; each is idempotent, so a replayed delivery of the same webhook counts once. */
export async function applyProviderEvents(source: string, events: readonly ProviderEvent[], ignored = 0): Promise<WebhookSummary> {
  const summary: WebhookSummary = { received: events.length + ignored, recorded: 0, duplicates: 0, unknown: 0, ignored };
  for (const e of events) {
    const id = await findMessageId(e);
    const outcome = id ? await applyFeedback(id, { type: e.type, at: e.at, source, url: e.url, reason: e.reason }) : 'unknown';
    if (outcome === 'recorded') summary.recorded++;
    else if (outcome === 'duplicate') summary.duplicates++;
    else {
      summary.unknown++;
      console.warn(`[webhooks] ${source}: ${e.type} for an unknown message`, { messageId: e.messageId ?? null, providerMessageId: e.providerMessageId ?? null });
    }
  }
  return summary;
}

/** 200 when every event was for a known message, 202 (accepted, logged) when some were not. */
export const summaryStatus = (s: WebhookSummary) => (s.unknown > 0 ? 202 : 200);
