/** The events API requests of the reliability tests: the same body and Idempotency-Key for request `i` in every process. */
export const EVENTS_PER_REQUEST = 50;

export function ingestRequest(secret: string, i: number): Request {
  const events = Array.from({ length: EVENTS_PER_REQUEST }, (_, j) => ({
    eventType: j % 3 === 0 ? 'message_opened' : 'message_delivered',
    entityType: 'message',
    entityId: `msg-${i}-${j}`,
    channel: 'email',
    contactId: `c-${j % 7}`,
    sourceType: 'campaign',
    campaignId: 'camp-reliability',
    occurredAt: new Date(Date.UTC(2026, 4, 1 + (i % 20), j % 24, 0, 0, j)).toISOString(),
  }));
  return new Request('http://localhost/api/v1/events', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}`, 'idempotency-key': `reliability-${i}` },
    body: JSON.stringify({ events }),
  });
}
