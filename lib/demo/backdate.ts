import { db } from '@/lib/db';

/**
 * Moves what one dispatch run wrote for a campaign (message rows, delivery attempts, recipient progress, send times,
 * a completion, and the events still waiting in the outbox) by `shiftMs`, so a demo campaign dispatched just now
 * reads as sent on its scheduled day. Dispatch stamps sends with the wall clock, so the demo sends for real and then
 * moves that run as a whole: every count stays as dispatch made it, and only rows written at or after `since` move.
 * Call it before the outbox is flushed; ClickHouse then only ever sees the moved times.
 */
export async function backdateDispatchRun(campaignId: string, since: Date, shiftMs: number): Promise<void> {
  const c = campaignId;
  const s = since.toISOString();
  const d = `${shiftMs} milliseconds`;
  const shift = (col: string) => `${col} = CASE WHEN ${col} >= $2::timestamptz THEN ${col} + $3::interval ELSE ${col} END`;
  await db.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(
        `UPDATE messages SET ${['created_at', 'sent_at', 'next_attempt_at', 'delivered_at'].map(shift).join(', ')} WHERE campaign_id = $1::uuid`,
        c,
        s,
        d,
      );
      await tx.$executeRawUnsafe(
        `UPDATE delivery_attempts a SET created_at = a.created_at + $3::interval
         FROM messages m WHERE m.id = a.message_id AND m.campaign_id = $1::uuid AND a.created_at >= $2::timestamptz`,
        c,
        s,
        d,
      );
      await tx.$executeRawUnsafe(`UPDATE campaign_recipients SET ${shift('updated_at')} WHERE campaign_id = $1::uuid`, c, s, d);
      await tx.$executeRawUnsafe(`UPDATE campaign_steps SET ${shift('finished_at')} WHERE campaign_id = $1::uuid`, c, s, d);
      await tx.$executeRawUnsafe(
        `UPDATE campaigns SET ${['first_sent_at', 'last_sent_at', 'completed_at', 'updated_at'].map(shift).join(', ')} WHERE id = $1::uuid`,
        c,
        s,
        d,
      );
      await tx.$executeRawUnsafe(`UPDATE campaign_status_changes SET created_at = created_at + $3::interval WHERE campaign_id = $1::uuid AND created_at >= $2::timestamptz`, c, s, d);
      // The outbox keeps each event as a ClickHouse row, one per line of a row's body; occurred_at is
      // 'YYYY-MM-DD HH:MM:SS.mmm' in UTC. Only the campaign's lines change, the others keep their text.
      await tx.$executeRawUnsafe(
        `UPDATE analytics_outbox o SET body = (
           SELECT string_agg(CASE WHEN e->>'campaign_id' = $1 AND t.at >= $2::timestamptz
             THEN jsonb_set(e, '{occurred_at}', to_jsonb(to_char((t.at + $3::interval) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS')))::text
             ELSE l.line END, chr(10) ORDER BY l.n)
           FROM unnest(string_to_array(o.body, chr(10))) WITH ORDINALITY AS l(line, n),
             LATERAL (SELECT l.line::jsonb AS e) j,
             LATERAL (SELECT (e->>'occurred_at')::timestamp AT TIME ZONE 'UTC' AS at) t)
         WHERE shipped_at IS NULL AND strpos(body, $1) > 0`,
        c,
        s,
        d,
      );
      await tx.$executeRawUnsafe(
        `UPDATE sink_messages k SET created_at = k.created_at + $3::interval,
           headers = jsonb_set(k.headers, '{Date}', to_jsonb(to_char((k.created_at + $3::interval) AT TIME ZONE 'UTC', 'Dy, DD Mon YYYY HH24:MI:SS "GMT"')))
         FROM messages m WHERE m.id = k.message_id AND m.campaign_id = $1::uuid AND k.created_at >= $2::timestamptz`,
        c,
        s,
        d,
      );
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
