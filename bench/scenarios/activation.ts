import { db } from '@/lib/db';
import type { Actor } from '@/lib/auth/context';
import { createCampaign } from '@/lib/campaigns/crud';
import { activateCampaign } from '@/lib/campaigns/activate';
import { createFlow } from '@/lib/flows/service';
import { round, type Scenario } from '../harness';

/**
 * Activation of an N-contact segment with 1-, 3- and 10-step flows, beside the approach Herald avoids: one row per
 * recipient and step written up front (UUID key, unique key, due-time index), over the same contacts.
 */
export const activation: Scenario = {
  name: 'activation',
  async run({ quick }) {
    const contacts = quick ? 20_000 : 1_000_000;
    const ws = await db.workspace.create({ data: { name: 'bench', slug: `bench-${Date.now()}` } });
    const actor: Actor = { workspaceId: ws.id, role: 'admin', via: 'api_key' };
    const templates = await Promise.all(
      [0, 1, 2].map((i) => db.template.create({ data: { workspaceId: ws.id, name: `t${i}`, subject: `s${i}`, htmlBody: `<p>${i}</p>` } })),
    );
    const segment = await db.segment.create({
      data: { workspaceId: ws.id, name: 'all tagged', criteria: { type: 'group', combinator: 'and', children: [{ type: 'condition', field: 'tags', operator: 'contains', value: 'camp' }] } },
    });
    await db.$executeRawUnsafe(
      `INSERT INTO contacts (workspace_id, email, time_zone, marketing_opt_in, tags)
       SELECT $1::uuid, 'bench' || g || '@example.test', (ARRAY['Europe/London','America/New_York','Asia/Tokyo'])[1 + g % 3], g % 10 <> 0, ARRAY['camp']
       FROM generate_series(1, $2::int) g ORDER BY 2`,
      ws.id,
      contacts,
    );
    await db.$executeRawUnsafe('ANALYZE contacts');

    const send = (i: number) => ({ type: 'SEND_EMAIL' as const, templateId: templates[i % 3].id });
    const wait = { type: 'WAIT' as const, waitDays: 1, waitHours: 0 };
    const timings: Record<number, number> = {};
    for (const sends of [1, 3, 10]) {
      await db.$executeRawUnsafe('TRUNCATE campaign_recipients');
      // Each activation starts from a checkpoint, so none pays for writing out what the one before it (or the seed) left.
      await db.$executeRawUnsafe('CHECKPOINT');
      const flowId = sends === 1 ? null : (await createFlow(ws.id, { name: `${sends} sends`, steps: Array.from({ length: sends }, (_, i) => (i ? [wait, send(i)] : [send(i)])).flat() })).id;
      const { campaign } = await createCampaign(actor, { name: `${sends}-step`, segmentId: segment.id, flowId, templateId: flowId ? null : templates[0].id, startDate: '2030-01-01', startTimeOfDay: '09:00' });
      const t0 = performance.now();
      await activateCampaign(actor, campaign.id);
      timings[sends] = (performance.now() - t0) / 1000;
    }

    // Baseline: what activation would cost writing one row per recipient and step (3 steps) up front.
    await db.$executeRawUnsafe('DROP TABLE IF EXISTS bench_step_rows');
    await db.$executeRawUnsafe(
      `CREATE TABLE bench_step_rows (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), contact_id uuid NOT NULL, step int NOT NULL, due_at timestamptz NOT NULL, UNIQUE (contact_id, step))`,
    );
    await db.$executeRawUnsafe('CREATE INDEX ON bench_step_rows (due_at)');
    await db.$executeRawUnsafe('CHECKPOINT');
    const b0 = performance.now();
    await db.$executeRawUnsafe(
      `INSERT INTO bench_step_rows (contact_id, step, due_at) SELECT c.id, s, now() + s * interval '1 day' FROM contacts c CROSS JOIN generate_series(0, 2) s WHERE c.workspace_id = $1::uuid`,
      ws.id,
    );
    const baseline = (performance.now() - b0) / 1000;
    await db.$executeRawUnsafe('DROP TABLE bench_step_rows');

    const herald = timings[3];
    const flat = Math.max(timings[1], timings[3], timings[10]) / Math.min(timings[1], timings[3], timings[10]);
    return {
      herald: round(herald, 2),
      baseline: round(baseline, 2),
      unit: 's',
      ratio: round(baseline / herald, 2),
      goal: '≤ 5 s at 1M, flat in flow length',
      met: herald <= 5 && flat < 1.5,
      notes: `${contacts.toLocaleString('en-US')} contacts; 1-step ${round(timings[1], 2)} s, 3-step ${round(timings[3], 2)} s, 10-step ${round(timings[10], 2)} s; baseline writes ${(contacts * 3).toLocaleString('en-US')} step rows`,
    };
  },
};
