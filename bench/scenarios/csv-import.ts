import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse';
import { db } from '@/lib/db';
import { beginUpload, finishUpload, receiveChunk, startImport } from '@/lib/imports/service';
import { csvParseOptions } from '@/lib/imports/csv-records';
import { workOnce } from '@/lib/jobs/worker';
import { cpuDuring } from '../cpu';
import { benchWorkspace, perSecond } from '../fixtures';
import { round, type Scenario } from '../harness';

const ZONES = ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Europe/Paris', ''];
const MAPPING = {
  Email: 'email',
  'First name': 'first_name',
  'Last name': 'last_name',
  Phone: 'phone',
  'Time zone': 'time_zone',
  Plan: 'attributes.plan',
  Tags: 'tags',
  'Opted in': 'marketing_opt_in',
};

/** A realistic export: quoted fields, accents, tags lists, mixed opt-in, and one invalid email in fifty. */
async function writeCsv(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('Email,First name,Last name,Phone,Time zone,Plan,Tags,Opted in\n');
  for (let i = 0; i < rows; i++) {
    const email = i % 50 === 7 ? `bad-${i}` : `Person.${i}@Example.com`;
    const line = `${email},Zoë,"O'Neil ${i}",+44 7700 ${String(900000 + (i % 99999)).padStart(6, '0')},${ZONES[i % ZONES.length]},${['free', 'pro', 'team'][i % 3]},"a,b",${i % 2 ? 'yes' : 'no'}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The baseline: csv-parse alone over the same file, with the options the import's reader reads like, records only counted. */
async function bareParse(file: string): Promise<number> {
  let records = 0;
  for await (const record of createReadStream(file).pipe(parse(csvParseOptions(',')))) records += (record as string[]).length > 0 ? 1 : 0;
  return records;
}

/**
 * A contact CSV through lib/imports as the app runs it — upload in pieces (beginUpload, receiveChunk, finishUpload), mapping (startImport), then the queued
 * import job on the local worker — against the bare parse of the same file.
 */
export const csvImport: Scenario = {
  name: 'CSV import',
  async run({ quick }) {
    const rows = quick ? 100_000 : 1_000_000;
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-csv-'));
    try {
      const file = path.join(dir, 'contacts.csv');
      await writeCsv(file, rows);
      const ws = await benchWorkspace('import');
      await db.attributeDefinition.create({ data: { workspaceId: ws.id, key: 'plan', label: 'Plan', type: 'string' } });

      const t0 = performance.now();
      const upload = await beginUpload(ws.actor, { fileName: 'contacts.csv', totalBytes: statSync(file).size });
      let index = 0;
      for await (const piece of createReadStream(file, { highWaterMark: upload.chunkBytes })) {
        await receiveChunk(ws.id, upload.id, String(index++), new Request('http://bench/', { method: 'PUT', body: new Uint8Array(piece as Buffer) }));
      }
      const { id } = await finishUpload(ws.id, upload.id);
      const uploadMs = performance.now() - t0;
      await startImport(ws.id, id, { mapping: MAPPING });
      const j0 = performance.now();
      const { summary: jobCpu } = await cpuDuring(async () => {
        while ((await workOnce()) > 0);
      });
      const jobMs = performance.now() - j0;
      const totalMs = performance.now() - t0;
      const done = await db.contactImport.findUniqueOrThrow({ where: { id } });
      if (done.status !== 'completed' || done.processedRows !== rows) throw new Error(`import ${done.status} after ${done.processedRows} rows: ${done.error}`);

      const b0 = performance.now();
      const parsed = await bareParse(file);
      const parseMs = performance.now() - b0;
      if (parsed !== rows + 1) throw new Error(`csv-parse read ${parsed} records, expected ${rows + 1}`);

      const herald = perSecond(rows, totalMs);
      const baseline = perSecond(rows, parseMs);
      return {
        herald,
        baseline,
        unit: 'rows/s',
        ratio: round(herald / baseline, 2),
        goal: '≥ 50k rows/s',
        met: herald >= 50_000,
        notes: `${rows.toLocaleString('en-US')} rows (${round(statSync(file).size / 1e6)} MB): upload ${round(uploadMs / 1000, 2)} s, job ${round(jobMs / 1000, 2)} s (${perSecond(rows, jobMs).toLocaleString('en-US')} rows/s; ${jobCpu}); ${done.importedRows.toLocaleString('en-US')} imported, ${done.rejectedRows.toLocaleString('en-US')} rejected`,
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
