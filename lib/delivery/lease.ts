import { db, rawQuery } from '@/lib/db';
import type { ClaimedRecipient } from '@/lib/delivery/claim';

/** The recipients of one claimed batch while a run holds them, and until when (local clock) it may still send to them. */
export interface HeldBatch {
  recipients: ClaimedRecipient[];
  sendUntil: number;
}

/** Stop sending while a quarter of the lease is left, so a send never outlives the claim it was made under. */
const sendWindow = (leaseSeconds: number) => leaseSeconds * 750;

/**
 * Keeps a dispatch run's claims alive: the claim's lease is short so a dead process's recipients are taken over within
 * seconds, and it is renewed every few seconds while the run lives. The lease value is the fencing token every
 * bookkeeping write checks, so a renewal and a write of the same rows never run at once (`exclusive`): a write always
 * carries the token the rows hold. A batch whose rows were taken over (its lease ran out first) stops sending.
 */
export class ClaimLease {
  private readonly held = new Set<HeldBatch>();
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly campaignId: string,
    private readonly leaseSeconds: number,
    renewEveryMs: number,
  ) {
    this.timer = setInterval(() => void this.renew().catch(() => undefined), renewEveryMs);
    this.timer.unref?.();
  }

  /** Starts holding a batch just claimed at `claimedAt` (local clock, taken before the claim was sent). */
  hold(recipients: ClaimedRecipient[], claimedAt: number): HeldBatch {
    const batch = { recipients, sendUntil: claimedAt + sendWindow(this.leaseSeconds) };
    this.held.add(batch);
    return batch;
  }

  /** Writes a batch's outcomes (every row leaves the claim) with no renewal in flight, then stops renewing it. */
  settle<T>(batch: HeldBatch, write: () => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      try {
        return await write();
      } finally {
        this.held.delete(batch);
      }
    });
  }

  /** Runs `work` with no renewal in flight (and none starting until it ends). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Extends every held row's lease in one statement, where the row still carries the token this run holds. */
  renew(): Promise<void> {
    return this.exclusive(async () => {
      const batches = [...this.held];
      const recipients = batches.flatMap((b) => b.recipients);
      if (!recipients.length) return;
      const asked = Date.now();
      const rows = await rawQuery<{ contact_id: string; step_index: number; lease_until: Date | string }>(
        db,
        `UPDATE campaign_recipients r SET lease_until = now() + make_interval(secs => $3)
         FROM jsonb_to_recordset($2::jsonb) AS x(contact_id uuid, step_index int, lease timestamptz)
         WHERE r.campaign_id = $1::uuid AND r.contact_id = x.contact_id AND r.next_step = x.step_index AND r.state = 'in_progress' AND r.lease_until = x.lease
         RETURNING r.contact_id::text, r.next_step AS step_index, r.lease_until`,
        [this.campaignId, JSON.stringify(recipients.map((r) => ({ contact_id: r.contactId, step_index: r.stepIndex, lease: r.leaseUntil.toISOString() }))), this.leaseSeconds],
      );
      const renewed = new Map(rows.map((r) => [`${r.contact_id}:${Number(r.step_index)}`, new Date(r.lease_until)]));
      for (const b of batches) {
        let all = true;
        for (const r of b.recipients) {
          const lease = renewed.get(`${r.contactId}:${r.stepIndex}`);
          if (lease) r.leaseUntil = lease;
          else all = false;
        }
        // A row that was not renewed is someone else's now (or settled): the batch sends no more.
        b.sendUntil = all ? Math.max(b.sendUntil, asked + sendWindow(this.leaseSeconds)) : 0;
      }
    });
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
