import { db } from '@/lib/db';
import { loadAttributeTypes } from '@/lib/contacts/attributes';
import { compileForWorkspace } from '@/lib/segments/compile';
import { buildContactCopy } from '@/lib/segments/columnar/build';
import { countSegment, countSegments } from '@/lib/segments/evaluate';
import type { SegmentCriteria, SegmentNode } from '@/lib/segments/criteria';
import { benchWorkspace } from '../fixtures';
import { percentile, round, timeInterleaved, timeRuns, type Scenario } from '../harness';

const RUNS_PER_SHAPE = 5;

const all = (...children: SegmentNode[]): SegmentCriteria => ({ type: 'group', combinator: 'and', children });
const any = (...children: SegmentNode[]): SegmentCriteria => ({ type: 'group', combinator: 'or', children });
const is = (field: string, operator: string, value?: unknown): SegmentNode => ({ type: 'condition', field, operator, value } as SegmentNode);

/** Nested AND/OR trees over columns, tags and typed attributes, the kinds of audience people build. */
export const SHAPES: Record<string, SegmentCriteria> = {
  'opted-in VIPs in Europe or on pro': all(
    is('marketing_opt_in', 'is_true'),
    is('tags', 'contains', 'vip'),
    any(is('time_zone', 'in', ['Europe/London', 'Europe/Paris']), is('attributes.plan', 'equals', 'pro')),
  ),
  'engaged trials or recent French sign-ups': any(
    all(is('tags', 'contains_any', ['trial', 'beta']), is('attributes.score', 'gte', 50)),
    all(is('created_at', 'within_last_days', 90), is('locale', 'equals', 'fr')),
  ),
  'paying, not churned, new or named Ch…': all(
    is('attributes.plan', 'in', ['pro', 'team']),
    is('tags', 'not_contains', 'churned'),
    any(is('attributes.signup', 'after', '2025-06-01'), is('first_name', 'starts_with', 'Ch')),
  ),
  'untagged or low score, not opted in, outside Tokyo': all(
    any(is('tags', 'is_empty'), is('attributes.score', 'between', [10, 20])),
    is('marketing_opt_in', 'is_false'),
    is('time_zone', 'not_equals', 'Asia/Tokyo'),
  ),
};

/** N contacts with a spread of zones, locales, opt-in, 0–6 tags and three typed attributes, in one statement. */
export async function seedContacts(workspaceId: string, n: number): Promise<void> {
  await db.attributeDefinition.createMany({
    data: [
      { workspaceId, key: 'plan', label: 'Plan', type: 'string' },
      { workspaceId, key: 'score', label: 'Score', type: 'number' },
      { workspaceId, key: 'signup', label: 'Signed up', type: 'date' },
    ],
  });
  await db.$executeRawUnsafe(
    `INSERT INTO contacts (workspace_id, email, first_name, locale, time_zone, marketing_opt_in, opt_in_at, tags, attributes, created_at)
     SELECT $1::uuid, 'seg' || g || '@example.test',
       (ARRAY['Ana','Ben','Chloé','Dev','Emma','Finn','Gia','Hugo'])[1 + g % 8],
       (ARRAY['en','fr','de','es'])[1 + (g / 7) % 4],
       (ARRAY['Europe/London','America/New_York','Asia/Tokyo','Australia/Sydney','Europe/Paris'])[1 + (g / 3) % 5],
       g % 10 < 7, CASE WHEN g % 10 < 7 THEN now() - (g % 700) * interval '1 day' END,
       ARRAY(SELECT t FROM unnest(ARRAY['vip','newsletter','trial','churned','beta','partner']) WITH ORDINALITY u(t, k) WHERE hashint4(g * 8 + k::int) & 3 = 0),
       jsonb_build_object('plan', (ARRAY['free','free','pro','team'])[1 + (g / 11) % 4], 'score', (g * 37) % 101,
                          'signup', to_char(date '2024-01-01' + (g % 700), 'YYYY-MM-DD')),
       now() - (g % 730) * interval '1 day'
     FROM generate_series(1, $2::int) g`,
    workspaceId,
    n,
  );
  await db.$executeRawUnsafe('ANALYZE contacts');
}

/** The same criteria counted in PostgreSQL alone, as counts ran before the columnar copy. */
async function countInPostgres(workspaceId: string, criteria: SegmentCriteria): Promise<number> {
  const { where, params } = compileForWorkspace(workspaceId, criteria, { attributeTypes: await loadAttributeTypes(workspaceId) });
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM contacts c WHERE ${where}`, ...params);
  return row.n;
}

/**
 * Live segment counts (compile, freshness check, count) over nested criteria from the columnar copy, against a plain
 * PostgreSQL count of the workspace's contacts; the PostgreSQL-only path and the copy's build time go in the notes.
 */
export const segmentCount: Scenario = {
  name: 'segment count',
  async run({ quick }) {
    const contacts = quick ? 100_000 : 1_000_000;
    const ws = await benchWorkspace('segments');
    await seedContacts(ws.id, contacts);
    const buildStarted = performance.now();
    const built = await buildContactCopy(ws.id);
    const buildMs = performance.now() - buildStarted;

    const samples: number[] = [];
    const inPostgres: number[] = [];
    const perShape: string[] = [];
    for (const [name, criteria] of Object.entries(SHAPES)) {
      const runs = await timeRuns(() => countSegment(ws.id, criteria), RUNS_PER_SHAPE, 1);
      const pgRuns = await timeRuns(() => countInPostgres(ws.id, criteria), 2, 0);
      samples.push(...runs);
      inPostgres.push(...pgRuns);
      const [fromCopy, fromPostgres] = [await countSegment(ws.id, criteria), await countInPostgres(ws.id, criteria)];
      if (fromCopy !== fromPostgres) throw new Error(`${name}: the copy counts ${fromCopy}, PostgreSQL ${fromPostgres}`);
      perShape.push(`${name} ${round(percentile(runs, 50))} ms against ${round(percentile(pgRuns, 50))} ms in PostgreSQL (${fromCopy.toLocaleString('en-US')})`);
    }
    const plain = await timeRuns(() => db.$queryRaw`SELECT count(*)::int AS n FROM contacts WHERE workspace_id = ${ws.id}::uuid`, samples.length, 1);

    // The segments screen counts a page of segments at once: one scan for all of them, against one count each.
    const shapes = Object.values(SHAPES);
    const { list, oneByOne } = await timeInterleaved({ list: () => countSegments(ws.id, shapes), oneByOne: async () => { for (const c of shapes) await countSegment(ws.id, c); } }, 3, 1);

    const p95 = percentile(samples, 95);
    return {
      herald: round(p95),
      baseline: round(percentile(plain, 95)),
      unit: 'ms p95',
      ratio: round(percentile(plain, 95) / p95, 2),
      goal: 'p95 ≤ 250 ms',
      met: p95 <= 250,
      notes: `${contacts.toLocaleString('en-US')} contacts copied to ClickHouse in ${round(buildMs / 1000, 1)} s (${built.contacts.toLocaleString('en-US')} rows), ${samples.length} counts over ${perShape.length} shapes from the copy (PostgreSQL alone p95 ${round(percentile(inPostgres, 95))} ms); p50 per shape: ${perShape.join('; ')}; all ${shapes.length} shapes as the segments screen counts them, in one scan ${round(percentile(list, 50))} ms against ${round(percentile(oneByOne, 50))} ms one by one`,
    };
  },
};
