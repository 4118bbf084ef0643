import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { setJobsDriver } from '@/lib/jobs';
import { localDriver } from '@/lib/jobs/client/local';
import { workOnce } from '@/lib/jobs/worker';
import { runImport } from '@/lib/imports/run';
import { POST as uploadRoute } from '@/app/api/imports/route';
import { GET as progressRoute } from '@/app/api/imports/[id]/route';
import { POST as startRoute } from '@/app/api/imports/[id]/start/route';
import { GET as rejectsRoute } from '@/app/api/imports/[id]/rejects.csv/route';
import { createWorkspace } from '../helpers/factory';
import { withOwnDatabase } from '../setup/own-database';
import { MIXED_CSV, MIXED_REJECTS, declareScore, generatedCsv } from './fixtures';
import { getJson, keysFor, postJson, storedChunks, upload } from './helpers';

// The queue is drained here: on a shared database it would also run other files' jobs (a campaign's dispatch).
withOwnDatabase('herald_imports');

beforeAll(() => setJobsDriver(localDriver));
afterEach(() => setJobsDriver(localDriver));

async function tenant() {
  const { workspace } = await createWorkspace();
  return { workspaceId: workspace.id, keys: await keysFor(workspace.id) };
}

/** Works the local queue until nothing is due: the import job runs the way the server's worker would run it. */
async function drainQueue() {
  while ((await workOnce()) > 0);
}

describe('upload', () => {
  it('stores the file and answers with headers, five sample rows and a suggested mapping', async () => {
    const { workspaceId, keys } = await tenant();
    await declareScore(workspaceId);
    const res = await upload(uploadRoute, keys.campaign_manager, MIXED_CSV, { name: 'fair.csv' });
    expect(res.status).toBe(201);
    expect(res.body.headers).toEqual(['Email Address', 'First Name', 'Last Name', 'Phone', 'Time Zone', 'Score', 'Opted In', 'Tags', 'Notes']);
    expect(res.body.sampleRows).toHaveLength(5);
    expect(res.body.sampleRows[1]).toEqual(['BOB@Example.COM', 'Bob', '', '+44 (7700) 900-123', 'europe/london', '', 'no', '', 'multi\nline, note']);
    expect(res.body.suggestedMapping).toEqual({
      'Email Address': 'email',
      'First Name': 'first_name',
      'Last Name': 'last_name',
      Phone: 'phone',
      'Time Zone': 'time_zone',
      Score: 'attributes.score',
      'Opted In': 'marketing_opt_in',
      Tags: 'tags',
      Notes: 'ignore',
    });
    expect(await storedChunks(res.body.id)).toBe(1);
    const imp = await db.contactImport.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(imp).toMatchObject({ workspaceId, status: 'pending', fileName: 'fair.csv', totalBytes: BigInt(Buffer.byteLength(MIXED_CSV)) });
  });

  it('accepts multipart/form-data, semicolons and a byte-order mark', async () => {
    const { keys } = await tenant();
    const res = await upload(uploadRoute, keys.admin, '\uFEFFE-mail;Given name;Surname\nzoe@example.com;Zoë;Ng\n', { multipart: true, name: 'export.csv' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      fileName: 'export.csv',
      headers: ['E-mail', 'Given name', 'Surname'],
      sampleRows: [['zoe@example.com', 'Zoë', 'Ng']],
      suggestedMapping: { 'E-mail': 'email', 'Given name': 'first_name', Surname: 'last_name' },
    });
  });

  it.each([
    ['binary data', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), 'text/csv', /binary data/],
    ['an empty file', '', 'text/csv', /empty|Attach a CSV/],
    ['text with no delimiter', 'Dear customer\nthank you for your order\n', 'text/csv', /no comma, semicolon or tab/],
    ['Latin-1 text', Buffer.from('email,name\nzoe@example.com,Zo\xeb\n', 'latin1'), 'text/csv', /not UTF-8/],
    ['a header with no rows', 'email,first_name\n', 'text/csv', /no contacts below it/],
    ['a quote that never closes', 'email,first_name\na@example.com,"Ann\n', 'text/csv', /row 2 cannot be read \(Quote Not Closed/],
    ['a JSON body', '{"contacts":[]}', 'application/json', /multipart\/form-data/],
  ])('refuses %s with a 400 and keeps nothing', async (_what, content, type, message) => {
    const { workspaceId, keys } = await tenant();
    const res = await upload(uploadRoute, keys.admin, content as string | Uint8Array, { type });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(message);
    expect(await db.contactImport.count({ where: { workspaceId } })).toBe(0);
    expect(await db.importChunk.count({ where: { import: { workspaceId } } })).toBe(0);
  });

  it('is for editors only', async () => {
    const { keys } = await tenant();
    expect((await upload(uploadRoute, keys.viewer, MIXED_CSV)).status).toBe(403);
  });
});

describe('mapping step', () => {
  it('needs a column mapped to email, known columns and declared attributes, and queues nothing otherwise', async () => {
    const { workspaceId, keys } = await tenant();
    const { body } = await upload(uploadRoute, keys.admin, MIXED_CSV);
    const noEmail = await postJson(startRoute, keys.admin, body.id, { mapping: { 'First Name': 'first_name' } });
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.error).toBe('Map a column to email');
    expect(noEmail.body.fieldErrors.mapping).toEqual(['Map a column to email']);
    const bad = await postJson(startRoute, keys.admin, body.id, {
      mapping: { 'Email Address': 'email', Nope: 'first_name', Score: 'attributes.score', Phone: 'email', Tags: 'shoe_size' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors).toEqual({
      'mapping.Email Address': ['Map only one column to email'],
      'mapping.Nope': ['The file has no column "Nope"'],
      'mapping.Score': ['Declare the attribute "score" first'],
      'mapping.Phone': ['Map only one column to email'],
      'mapping.Tags': ['Choose a contact field, a declared attribute, tags or ignore'],
    });
    expect((await postJson(startRoute, keys.admin, body.id, { mapping: 'email' })).status).toBe(400);
    expect(await db.contactImport.findUniqueOrThrow({ where: { id: body.id } })).toMatchObject({ status: 'pending', workspaceId });
    expect(await db.job.count({ where: { name: 'contacts.import', payload: { equals: { importId: body.id } } } })).toBe(0);
  });

  it("answers 404 for another workspace's import and for ids that are not ids", async () => {
    const mine = await tenant();
    const theirs = await tenant();
    const { body } = await upload(uploadRoute, mine.keys.admin, MIXED_CSV);
    expect((await getJson(progressRoute, theirs.keys.admin, body.id)).status).toBe(404);
    expect((await postJson(startRoute, theirs.keys.admin, body.id, { mapping: { 'Email Address': 'email' } })).status).toBe(404);
    expect((await getJson(rejectsRoute, theirs.keys.admin, body.id)).status).toBe(404);
    expect((await getJson(progressRoute, mine.keys.admin, 'not-a-uuid')).status).toBe(404);
    expect((await db.contactImport.findUniqueOrThrow({ where: { id: body.id } })).status).toBe('pending');
  });
});

describe('import job', () => {
  it('imports good rows, reports bad ones with exact reasons, lets the last duplicate win and keeps what empty cells do not say', async () => {
    const { workspaceId, keys } = await tenant();
    await declareScore(workspaceId);
    await db.contact.create({ data: { workspaceId, email: 'bob@example.com', lastName: 'Brown', tags: ['old'], attributes: { score: 5 } } });
    const { body } = await upload(uploadRoute, keys.admin, MIXED_CSV, { name: 'fair.csv' });
    const started = await postJson(startRoute, keys.admin, body.id, { mapping: body.suggestedMapping, optInSource: 'spring-fair' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', queued: true, processedRows: 0 });
    expect((await postJson(startRoute, keys.admin, body.id, { mapping: body.suggestedMapping })).status).toBe(409);

    await drainQueue();

    const progress = await getJson(progressRoute, keys.viewer, body.id);
    expect(progress.status).toBe(200);
    expect(progress.body).toMatchObject({
      status: 'completed',
      processedRows: 10,
      importedRows: 3,
      // Ann is new (row 2), row 8 updates her again, Bob existed: one created, two updated.
      createdRows: 1,
      updatedRows: 2,
      skippedRows: 0,
      rejectedRows: 7,
      queued: false,
      bytesRead: Buffer.byteLength(MIXED_CSV),
      totalBytes: Buffer.byteLength(MIXED_CSV),
      percent: 100,
      error: null,
    });
    expect(progress.body.finishedAt).not.toBeNull();
    expect(progress.body.rowsPerSecond).toBeGreaterThanOrEqual(0);

    const rejects = await db.contactImportReject.findMany({ where: { importId: body.id }, orderBy: { rowNumber: 'asc' }, select: { rowNumber: true, reason: true, raw: true } });
    expect(rejects).toEqual(MIXED_REJECTS);

    const contacts = await db.contact.findMany({ where: { workspaceId }, orderBy: { email: 'asc' } });
    expect(contacts.map((c) => c.email)).toEqual(['ann@example.com', 'bob@example.com']);
    const [ann, bob] = contacts;
    expect(ann).toMatchObject({
      firstName: 'Annie', // row 8 repeats row 2's email: the later row wins…
      lastName: 'Lee', // …but its empty cells leave row 2's values alone
      timeZone: 'Europe/London',
      marketingOptIn: true,
      optInSource: 'spring-fair',
      tags: ['vip', 'early'],
      attributes: { score: 10 },
    });
    expect(ann.optInAt).not.toBeNull();
    expect(bob).toMatchObject({
      firstName: 'Bob',
      lastName: 'Brown',
      phone: '+447700900123',
      timeZone: 'Europe/London',
      marketingOptIn: false,
      optInSource: null,
      tags: ['old'],
      attributes: { score: 5 },
    });
    expect(await storedChunks(body.id)).toBe(0);
    expect(await db.job.findFirst({ where: { name: 'contacts.import', payload: { equals: { importId: body.id } } } })).toMatchObject({ status: 'completed' });
  });

  it('skips rows whose contact exists when asked to, counting them, and takes only the first row of a repeated email', async () => {
    const { workspaceId, keys } = await tenant();
    await declareScore(workspaceId);
    await db.contact.create({ data: { workspaceId, email: 'bob@example.com', lastName: 'Brown', tags: ['old'], attributes: { score: 5 } } });
    const { body } = await upload(uploadRoute, keys.admin, MIXED_CSV);
    expect((await postJson(startRoute, keys.admin, body.id, { mapping: body.suggestedMapping, existing: 'sometimes' })).body.fieldErrors).toEqual({
      existing: ['Choose update or skip for contacts that already exist'],
    });
    expect((await postJson(startRoute, keys.admin, body.id, { mapping: body.suggestedMapping, existing: 'skip' })).status).toBe(202);
    await drainQueue();
    expect((await getJson(progressRoute, keys.viewer, body.id)).body).toMatchObject({
      status: 'completed',
      processedRows: 10,
      importedRows: 1,
      createdRows: 1,
      updatedRows: 0,
      skippedRows: 2,
      rejectedRows: 7,
    });
    const [ann, bob] = await db.contact.findMany({ where: { workspaceId }, orderBy: { email: 'asc' } });
    expect(ann).toMatchObject({ email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' });
    expect(bob).toMatchObject({ firstName: null, lastName: 'Brown', phone: null, tags: ['old'], attributes: { score: 5 } });
  });

  it('streams the rejected rows as CSV: row number (header is row 1), reason, raw line', async () => {
    const { workspaceId, keys } = await tenant();
    await declareScore(workspaceId);
    const { body } = await upload(uploadRoute, keys.admin, MIXED_CSV, { name: 'fair.csv' });
    await postJson(startRoute, keys.admin, body.id, { mapping: body.suggestedMapping });
    await drainQueue();
    const res = await getJson(rejectsRoute, keys.viewer, body.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('fair-rejected-rows.csv');
    expect(res.body).toBe(
      [
        'row,reason,raw',
        '4,Email Address: Enter a valid email address,"not-an-email,Nope,,,,,,,"',
        '5,"Time Zone: Use an IANA time zone, e.g. Europe/London","carl@example.com,Carl,,,Mars/Phobos,,,,"',
        '6,"Phone: Use E.164 format, e.g. +447700900123","dana@example.com,Dana,,12345,,,,,"',
        '7,Email Address: Enter an email address,",Nameless,,,,,,,"',
        '9,"Expected 9 fields like the header row, found 2","erin@example.com,Erin"',
        '10,Score: Expected a number,"fay@example.com,Zoë,,,,abc,,,"',
        '11,Opted In: Expected true or false,"gus@example.com,Gus,,,,,maybe,,"',
      ].join('\r\n') + '\r\n',
    );
  });

  it('writes batches that overlap and share emails exactly as one batch would, in both modes', async () => {
    // 60 rows over 12 emails in an order that repeats them in the next batch, two batches on and further.
    const lines = ['email,first_name,last_name,phone'];
    for (let i = 0; i < 60; i++) {
      const who = (i * 7) % 12;
      lines.push(`p${who}@example.com,First ${i},${i % 4 === 0 ? '' : `Last ${i}`},${i % 5 === 0 ? `+4420794600${String(i).padStart(2, '0')}` : ''}`);
    }
    const csv = `${lines.join('\n')}\n`;
    const outcome = async (existing: 'update' | 'skip', batchSize: number) => {
      const { workspaceId, keys } = await tenant();
      // Half of the emails exist before the import, so both the created and the updated (or skipped) paths run.
      for (let who = 0; who < 12; who += 2) await db.contact.create({ data: { workspaceId, email: `p${who}@example.com`, firstName: 'Before', lastName: 'Before' } });
      const { body } = await upload(uploadRoute, keys.admin, csv);
      await postJson(startRoute, keys.admin, body.id, { mapping: { email: 'email', first_name: 'first_name', last_name: 'last_name', phone: 'phone' }, existing });
      expect(await runImport(body.id, { batchSize })).toBe('completed');
      const { processedRows, createdRows, updatedRows, skippedRows, importedRows } = await db.contactImport.findUniqueOrThrow({ where: { id: body.id } });
      const contacts = await db.contact.findMany({ where: { workspaceId }, select: { email: true, firstName: true, lastName: true, phone: true }, orderBy: { email: 'asc' } });
      return { counters: { processedRows, createdRows, updatedRows, skippedRows, importedRows }, contacts };
    };
    for (const existing of ['update', 'skip'] as const) {
      const whole = await outcome(existing, 1_000);
      expect(whole.counters.processedRows).toBe(60);
      expect(whole.counters).toMatchObject(existing === 'update' ? { createdRows: 6, updatedRows: 54, skippedRows: 0 } : { createdRows: 6, updatedRows: 0, skippedRows: 54 });
      for (const batchSize of [2, 5, 7]) expect(await outcome(existing, batchSize)).toEqual(whole);
    }
  });

  it('resumes after a crash from the last committed batch, never importing a row twice', async () => {
    const { workspaceId, keys } = await tenant();
    const csv = generatedCsv(23);
    const { body } = await upload(uploadRoute, keys.admin, csv);
    await postJson(startRoute, keys.admin, body.id, { mapping: { email: 'email', first_name: 'first_name', last_name: 'last_name' } });

    // A worker dies after committing two batches of five rows.
    const crash = runImport(body.id, {
      batchSize: 5,
      afterBatch: ({ batches }) => {
        if (batches === 2) throw new Error('worker killed');
      },
    });
    await expect(crash).rejects.toThrow('worker killed');
    const midway = await db.contactImport.findUniqueOrThrow({ where: { id: body.id } });
    expect(midway).toMatchObject({ status: 'running', processedRows: 10, importedRows: 9, rejectedRows: 1 });
    expect(await db.contact.count({ where: { workspaceId } })).toBe(9);

    // The queued job then runs (the way a retry would) and continues at row 12.
    await drainQueue();
    const done = await db.contactImport.findUniqueOrThrow({ where: { id: body.id } });
    expect(done).toMatchObject({ status: 'completed', processedRows: 23, importedRows: 20, rejectedRows: 3, bytesRead: BigInt(Buffer.byteLength(csv)) });
    expect(await db.contact.count({ where: { workspaceId } })).toBe(20);
    const rejects = await db.contactImportReject.findMany({ where: { importId: body.id }, orderBy: { rowNumber: 'asc' } });
    expect(rejects.map((r) => [r.rowNumber, r.reason])).toEqual([
      [5, 'email: Enter a valid email address'],
      [12, 'email: Enter a valid email address'],
      [19, 'email: Enter a valid email address'],
    ]);
    expect(rejects[1].raw).toBe('broken-10,Zoë 10,"O""Brien, 10","line one\nline two ✓"');
    const user12 = await db.contact.findFirstOrThrow({ where: { workspaceId, email: 'user12@example.com' } });
    expect(user12).toMatchObject({ firstName: 'Zoë 12', lastName: 'O"Brien, 12' });

    // Running it again changes nothing.
    expect(await runImport(body.id)).toBe('not-running');
    expect(await db.contactImport.findUniqueOrThrow({ where: { id: body.id } })).toMatchObject({ processedRows: 23, importedRows: 20 });
  });

  it('reads mixed line endings, skips blank and empty rows without numbering them', async () => {
    const { workspaceId, keys } = await tenant();
    const csv = 'email,first_name\r\na@example.com,A\n\nb@example.com,B\r\n,\r\n  \nc@example.com,C\rd@example,D\n';
    const { body } = await upload(uploadRoute, keys.admin, csv);
    await postJson(startRoute, keys.admin, body.id, { mapping: { email: 'email', first_name: 'first_name' } });
    await drainQueue();
    expect(await db.contactImport.findUniqueOrThrow({ where: { id: body.id } })).toMatchObject({ status: 'completed', processedRows: 4, importedRows: 3, rejectedRows: 1 });
    expect(await db.contactImportReject.findMany({ where: { importId: body.id }, select: { rowNumber: true, reason: true, raw: true } })).toEqual([
      { rowNumber: 5, reason: 'email: Enter a valid email address', raw: 'd@example,D' },
    ]);
    expect((await db.contact.findMany({ where: { workspaceId }, orderBy: { email: 'asc' } })).map((c) => c.firstName)).toEqual(['A', 'B', 'C']);
  });

  it('stops at a row the CSV reader cannot read, keeping the rows before it and saying where it broke', async () => {
    const { workspaceId, keys } = await tenant();
    // The break lies past the 64 KB the upload inspects, so only the job can find it.
    const csv = generatedCsv(1000) + 'late@example.com,"Never closed\nlast@example.com,Last,Row,x\n';
    const { body } = await upload(uploadRoute, keys.admin, csv);
    expect(body.id).toBeDefined();
    await postJson(startRoute, keys.admin, body.id, { mapping: { email: 'email' } });
    await drainQueue();
    const imp = await db.contactImport.findUniqueOrThrow({ where: { id: body.id } });
    expect(imp).toMatchObject({ status: 'failed', processedRows: 1000, importedRows: 857, rejectedRows: 143 });
    expect(imp.error).toMatch(/^Row 1002 cannot be read \(Quote Not Closed/);
    expect(await db.contact.count({ where: { workspaceId } })).toBe(857);
    expect(await storedChunks(body.id)).toBe(0);
  });
});
