import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { setJobsDriver } from '@/lib/jobs';
import { localDriver } from '@/lib/jobs/client/local';
import { workOnce } from '@/lib/jobs/worker';
import { POST as beginRoute } from '@/app/api/imports/uploads/route';
import { PUT as pieceRoute } from '@/app/api/imports/[id]/chunks/[index]/route';
import { POST as completeRoute } from '@/app/api/imports/[id]/complete/route';
import { GET as progressRoute } from '@/app/api/imports/[id]/route';
import { POST as startRoute } from '@/app/api/imports/[id]/start/route';
import { createWorkspace } from '../helpers/factory';
import { withOwnDatabase } from '../setup/own-database';
import { getJson, keysFor, pieceOf, pieces, postJson, storedChunks } from './helpers';

// The queue is drained here, so this file needs a database of its own.
withOwnDatabase('herald_import_million');

const ROWS = 1_000_000;
const PLANS = ['free', 'pro', 'team'];
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Europe/Paris', ''];

/** About 90 MB: quoting, accents, tags lists, opt-ins, and one invalid email in a thousand. */
function millionRowCsv(): Buffer {
  const lines = ['Email,First name,Last name,Phone,Time zone,Tags,Opted in,Plan'];
  for (let i = 0; i < ROWS; i++) {
    const email = i % 1000 === 7 ? `bad-${i}` : `person.${i}@example.com`;
    lines.push(`${email},Zoë,"O'Neil ${i}",+44 7700 ${String(900000 + (i % 99999)).padStart(6, '0')},${ZONES[i % ZONES.length]},"a,b",${i % 2 ? 'yes' : 'no'},${PLANS[i % 3]}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}

beforeAll(() => setJobsDriver(localDriver));

describe.skipIf(!process.env.TEST_DATABASE_URL)('a million-row import on PostgreSQL', () => {
  it('goes through the upload in pieces and the queued job, reading the file back piece by piece', { timeout: 600_000 }, async () => {
    const { workspace } = await createWorkspace();
    const keys = await keysFor(workspace.id);
    let file: Buffer | null = millionRowCsv();
    const totalBytes = file.length;
    expect(totalBytes).toBeGreaterThan(88_000_000);

    const t0 = performance.now();
    const { body: upload } = await pieces.begin(beginRoute, keys.admin, { fileName: 'million.csv', totalBytes });
    expect(upload.chunkCount).toBeGreaterThan(20);
    for (let index = 0; index < upload.chunkCount; index++) {
      const res = await pieces.put(pieceRoute, keys.admin, upload.id, index, pieceOf(file, upload.chunkBytes, index));
      expect(res.status).toBe(201);
    }
    file = null; // From here on the file exists only in PostgreSQL.
    const done = await pieces.complete(completeRoute, keys.admin, upload.id);
    expect(done.status).toBe(200);
    const uploadSeconds = (performance.now() - t0) / 1000;

    const mapping = { Email: 'email', 'First name': 'first_name', 'Last name': 'last_name', Phone: 'phone', 'Time zone': 'time_zone', Tags: 'tags', 'Opted in': 'marketing_opt_in' };
    expect((await postJson(startRoute, keys.admin, upload.id, { mapping })).status).toBe(202);
    const j0 = performance.now();
    while ((await workOnce()) > 0);
    const jobSeconds = (performance.now() - j0) / 1000;

    const progress = await getJson(progressRoute, keys.viewer, upload.id);
    expect(progress.body).toMatchObject({ status: 'completed', processedRows: ROWS, importedRows: ROWS - ROWS / 1000, rejectedRows: ROWS / 1000, bytesRead: totalBytes, percent: 100 });
    expect(await db.contact.count({ where: { workspaceId: workspace.id } })).toBe(ROWS - ROWS / 1000);
    const last = await db.contact.findFirstOrThrow({ where: { workspaceId: workspace.id, email: `person.${ROWS - 1}@example.com` } });
    expect(last).toMatchObject({ firstName: 'Zoë', lastName: `O'Neil ${ROWS - 1}`, tags: ['a', 'b'], marketingOptIn: true });
    expect(await storedChunks(upload.id)).toBe(0);
    console.info(`1M rows, ${(totalBytes / 1e6).toFixed(1)} MB: upload ${uploadSeconds.toFixed(1)} s, job ${jobSeconds.toFixed(1)} s (${Math.round(ROWS / jobSeconds)} rows/s)`);
  });
});
