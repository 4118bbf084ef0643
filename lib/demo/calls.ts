import type { Actor } from '@/lib/auth/context';
import type { AnalyticsEventInput } from '@/lib/analytics/events';
import { MAX_EVENTS_PER_REQUEST, ingestEvents } from '@/lib/analytics/ingest';
import { between, type Random } from '@/lib/demo/random';

const HOUR = 3_600_000;
const INTENTS = ['interested', 'not_interested', 'callback_requested', 'wrong_person', 'do_not_call'] as const;

/** An outcome with the odds a calling integration sees: about half answered, a quarter not. */
function outcomeOf(r: number) {
  if (r < 0.45) return 'completed' as const;
  if (r < 0.56) return 'refused' as const;
  if (r < 0.84) return 'no_answer' as const;
  if (r < 0.94) return 'busy' as const;
  return 'failed' as const;
}

/**
 * Follow-up calls to some of a campaign's delivered recipients, as a calling integration reports them through the
 * events API: each call's end with its outcome and length, the journey steps it reached and the intent it detected.
 * Calls happen from a day after delivery, never after `until`.
 */
export async function reportFollowUpCalls(
  actor: Actor,
  campaignId: string,
  delivered: { contactId: string; deliveredAt: Date }[],
  share: number,
  rand: Random,
  until: Date,
): Promise<void> {
  const events: AnalyticsEventInput[] = [];
  for (const d of delivered) {
    if (rand() >= share) continue;
    const at = d.deliveredAt.getTime() + HOUR * between(rand, 20, 60);
    if (at >= until.getTime()) continue;
    const outcome = outcomeOf(rand());
    const duration = outcome === 'completed' ? between(rand, 30, 450) : outcome === 'refused' ? between(rand, 5, 45) : 0;
    const call = { tenantId: actor.workspaceId, entityType: 'call', entityId: `call-${campaignId}-${d.contactId}`, channel: 'voice', contactId: d.contactId, sourceType: 'campaign', sourceId: campaignId, campaignId } as const;
    const end = new Date(at + duration * 1000);
    events.push({ ...call, eventType: 'call_ended', outcome, durationSeconds: duration, occurredAt: end });
    if (outcome !== 'completed' && outcome !== 'refused') continue;
    events.push({ ...call, eventType: 'funnel_step', category: 'journey', label: 'picked_up', value: 1, occurredAt: new Date(at + 1000) });
    if (outcome !== 'completed') continue;
    const intent = INTENTS[Math.min(INTENTS.length - 1, Math.floor(rand() * rand() * INTENTS.length * 1.6))]!;
    events.push({ ...call, eventType: 'intent_detected', category: 'intent', label: intent, occurredAt: end });
    if (intent !== 'interested') continue;
    events.push({ ...call, eventType: 'funnel_step', category: 'journey', label: 'interested', value: 2, occurredAt: end });
    if (rand() < 0.45) events.push({ ...call, eventType: 'funnel_step', category: 'journey', label: 'qualified', value: 3, occurredAt: new Date(end.getTime() + 1000) });
  }
  // The integration posts in batches under an Idempotency-Key, so a retried request would count once.
  for (let i = 0; i < events.length; i += MAX_EVENTS_PER_REQUEST) {
    const body = { events: events.slice(i, i + MAX_EVENTS_PER_REQUEST).map((e) => ({ ...e, occurredAt: (e.occurredAt as Date).toISOString() })) };
    const r = await ingestEvents(actor, body, `demo-calls-${campaignId}-${i / MAX_EVENTS_PER_REQUEST}`);
    if (r.rejected > 0) throw new Error(`Demo calls rejected: ${JSON.stringify(r.results.find((x) => x.status === 'rejected'))}`);
  }
}
