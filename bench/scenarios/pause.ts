import os from 'node:os';
import { round, type Scenario } from '../harness';
import { BENCH_ACTOR, benchCampaign, startSink, pointTransportAt } from '../support/mail';

/**
 * Pause during dispatch, then resume: how long after the pause the last email arrived at the loopback sink (the
 * promise is ≤ 2 s), and whether anything arrived twice once the resumed run finished (the promise is never).
 */
export const pauseScenario: Scenario = {
  name: 'pause (last send after pause, duplicates after resume)',
  async run({ quick }) {
    const n = quick ? 3_000 : 10_000;
    const sink = await startSink();
    try {
      await pointTransportAt(sink);
      const { db } = await import('@/lib/db');
      const { dispatchCampaign } = await import('@/lib/delivery/dispatch');
      const { pauseCampaign, resumeCampaign } = await import('@/lib/campaigns/status');
      const c = await benchCampaign(n);
      sink.reset();
      const running = dispatchCampaign(c.campaignId, { maxMs: 10 * 60_000 });
      // Pause once sending is well under way (a tenth of the campaign has arrived).
      while ((await sink.count()).count < n / 10) await new Promise((r) => setTimeout(r, 20));
      await pauseCampaign(BENCH_ACTOR(c.workspaceId), c.campaignId);
      const pausedAt = Date.now();
      const stopped = await running;
      await new Promise((r) => setTimeout(r, 3_000)); // anything still in flight would arrive by now
      const atPause = await sink.count();
      const lastAfterPauseMs = Math.max(0, atPause.last - pausedAt);

      await resumeCampaign(BENCH_ACTOR(c.workspaceId), c.campaignId);
      let resumed = 0;
      for (let i = 0; i < 20; i++) {
        const r = await dispatchCampaign(c.campaignId, { maxMs: 10 * 60_000 });
        resumed += r.sent;
        if (r.stoppedBecause === 'completed') break;
        await new Promise((res) => setTimeout(res, 200));
      }
      const end = await sink.count();
      const rows = await db.message.count({ where: { campaignId: c.campaignId, status: 'sent' } });
      const duplicates = end.count - end.distinct;
      const met = stopped.stoppedBecause === 'paused' && lastAfterPauseMs <= 2000 && duplicates === 0 && end.distinct === n && rows === n;
      return {
        herald: lastAfterPauseMs,
        baseline: null,
        unit: 'ms after pause',
        ratio: null,
        goal: 'last send ≤ 2,000 ms after pause; 0 duplicates after resume',
        met,
        notes:
          `${n.toLocaleString('en-US')} recipients: ${stopped.sent} sent before the pause (${atPause.count} arrived by then), last arrival ${lastAfterPauseMs} ms after it; ` +
          `resume sent ${resumed}; ${end.count} arrivals, ${end.distinct} distinct, ${duplicates} duplicates, ${rows} message rows sent; ` +
          `load average ${os.loadavg().map((l) => round(l, 1)).join(' ')}`,
      };
    } finally {
      sink.close();
    }
  },
};
