import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db';
import { setJobsDriver } from '@/lib/jobs';
import { localDriver } from '@/lib/jobs/client/local';
import { CHUNK_BYTES } from '@/lib/imports/storage';
import { pruneAbandonedUploads } from '@/lib/imports/prune';
import { POST as uploadRoute } from '@/app/api/imports/route';
import { POST as beginRoute } from '@/app/api/imports/uploads/route';
import { GET as heldRoute } from '@/app/api/imports/[id]/chunks/route';
import { PUT as pieceRoute } from '@/app/api/imports/[id]/chunks/[index]/route';
import { POST as completeRoute } from '@/app/api/imports/[id]/complete/route';
import { DELETE as discardRoute, GET as progressRoute } from '@/app/api/imports/[id]/route';
import { POST as startRoute } from '@/app/api/imports/[id]/start/route';
import { createWorkspace } from '../helpers/factory';
import { generatedCsv } from './fixtures';
import { getJson, keysFor, pieceOf, pieces, postJson, storedChunks, upload } from './helpers';

beforeAll(() => setJobsDriver(localDriver));

async function tenant() {
  const { workspace } = await createWorkspace();
  return { workspaceId: workspace.id, keys: await keysFor(workspace.id) };
}

/** A CSV just over two pieces long, so it has two full pieces and a short last one. */
const file = Buffer.from(generatedCsv(Math.ceil((2.2 * CHUNK_BYTES) / 60)));
const count = Math.ceil(file.length / CHUNK_BYTES);

const begin = async (key: string, totalBytes = file.length) => (await pieces.begin(beginRoute, key, { fileName: 'big.csv', totalBytes })).body;
const put = (key: string, id: string, index: number, bytes = pieceOf(file, CHUNK_BYTES, index), headers?: Record<string, string>) =>
  pieces.put(pieceRoute, key, id, index, bytes, headers);

describe('upload in pieces', () => {
  it('resumes an interrupted upload: the server says which pieces it holds, the rest follow, then the file is checked', async () => {
    const { keys } = await tenant();
    expect(count).toBe(3);
    const started = await pieces.begin(beginRoute, keys.campaign_manager, { fileName: 'big.csv', totalBytes: file.length });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'uploading', fileName: 'big.csv', totalBytes: file.length, chunkBytes: CHUNK_BYTES, chunkCount: 3, chunks: [] });
    const { id } = started.body;

    // The connection drops after pieces 0 and 2 (a client may send them in any order).
    expect((await put(keys.admin, id, 0)).status).toBe(201);
    expect((await put(keys.admin, id, 2)).status).toBe(201);
    const early = await pieces.complete(completeRoute, keys.admin, id);
    expect(early.status).toBe(409);
    expect(early.body.missing).toEqual([1]);
    expect((await postJson(startRoute, keys.admin, id, { mapping: { email: 'email' } })).status).toBe(409);

    // After a reload the client asks what is there and sends only the missing piece.
    const held = await pieces.held(heldRoute, keys.admin, id);
    expect(held.status).toBe(200);
    expect(held.body.chunks.map((c: { index: number; size: number }) => [c.index, c.size])).toEqual([
      [0, CHUNK_BYTES],
      [2, file.length - 2 * CHUNK_BYTES],
    ]);
    expect((await put(keys.admin, id, 1)).status).toBe(201);

    const done = await pieces.complete(completeRoute, keys.admin, id);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ id, fileName: 'big.csv', totalBytes: file.length, headers: ['email', 'first_name', 'last_name', 'notes'] });
    expect(done.body.sampleRows[0]).toEqual(['user0@example.com', 'Zoë 0', 'O"Brien, 0', 'line one\nline two ✓']);
    // Finishing twice answers the same; the file is now waiting for its mapping.
    expect((await pieces.complete(completeRoute, keys.admin, id)).body).toEqual(done.body);
    expect(await db.contactImport.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'pending' });
    expect(await storedChunks(id)).toBe(3);
  });

  it('takes the same piece twice as one, and refuses a different piece under a held index with a 409', async () => {
    const { keys } = await tenant();
    const { id } = await begin(keys.admin);
    const first = await put(keys.admin, id, 0);
    const again = await put(keys.admin, id, 0);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, stored: false });
    const other = Buffer.from(pieceOf(file, CHUNK_BYTES, 0));
    other[10] = other[10] === 0x41 ? 0x42 : 0x41;
    const clash = await put(keys.admin, id, 0, other);
    expect(clash.status).toBe(409);
    expect(clash.body.error).toMatch(/already received with different content/);
    expect(await storedChunks(id)).toBe(1);
    const row = await db.importChunk.findUniqueOrThrow({ where: { importId_index: { importId: id, index: 0 } } });
    expect(Buffer.from(row.bytes).equals(pieceOf(file, CHUNK_BYTES, 0))).toBe(true);
  });

  it('refuses a piece over 4 MB (413), a piece of the wrong length, an index outside the file and a damaged piece (400)', async () => {
    const { keys } = await tenant();
    const { id } = await begin(keys.admin);
    const tooBig = await put(keys.admin, id, 0, Buffer.alloc(CHUNK_BYTES + 1, 0x61));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatch(/A piece is larger than 4 MB/);
    const short = await put(keys.admin, id, 0, pieceOf(file, CHUNK_BYTES, 0).subarray(0, 1000));
    expect(short.status).toBe(400);
    expect(short.body.error).toBe(`Piece 0 must be ${CHUNK_BYTES} bytes long; 1000 arrived.`);
    expect((await put(keys.admin, id, 3)).status).toBe(400);
    expect((await pieces.put(pieceRoute, keys.admin, id, 'x', Buffer.from('a'))).status).toBe(400);
    const damaged = await put(keys.admin, id, 1, undefined, { 'x-chunk-sha256': '0'.repeat(64) });
    expect(damaged.status).toBe(400);
    expect(await storedChunks(id)).toBe(0);
  });

  it("answers 404 for another workspace's upload, whatever the step", async () => {
    const mine = await tenant();
    const theirs = await tenant();
    const { id } = await begin(mine.keys.admin);
    await put(mine.keys.admin, id, 0);
    expect((await put(theirs.keys.admin, id, 1)).status).toBe(404);
    expect((await put(theirs.keys.admin, id, 0, Buffer.alloc(10))).status).toBe(404);
    expect((await pieces.held(heldRoute, theirs.keys.admin, id)).status).toBe(404);
    expect((await pieces.complete(completeRoute, theirs.keys.admin, id)).status).toBe(404);
    expect((await pieces.discard(discardRoute, theirs.keys.admin, id)).status).toBe(404);
    expect((await getJson(progressRoute, theirs.keys.admin, id)).status).toBe(404);
    expect(await storedChunks(id)).toBe(1);
  });

  it('is for editors only', async () => {
    const { keys } = await tenant();
    expect((await pieces.begin(beginRoute, keys.viewer, { fileName: 'a.csv', totalBytes: 10 })).status).toBe(403);
  });

  it('refuses a file over 200 MB or an empty one before any piece is sent', async () => {
    const { workspaceId, keys } = await tenant();
    const huge = await pieces.begin(beginRoute, keys.admin, { fileName: 'a.csv', totalBytes: 200 * 1024 * 1024 + 1 });
    expect(huge.status).toBe(413);
    expect((await pieces.begin(beginRoute, keys.admin, { fileName: 'a.csv', totalBytes: 0 })).body.error).toMatch(/empty/);
    const bad = await pieces.begin(beginRoute, keys.admin, { fileName: 'a.csv', totalBytes: 'lots' });
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors.totalBytes).toBeDefined();
    expect(await db.contactImport.count({ where: { workspaceId } })).toBe(0);
  });

  it('checks the characters cut between pieces when the file is finished: UTF-8 broken across two is refused, nothing kept', async () => {
    const { workspaceId, keys } = await tenant();
    // "é" is two bytes; cut it between pieces 0 and 1, then drop its second half: invalid UTF-8 only the whole file shows.
    const text = Buffer.from(generatedCsv(Math.ceil((1.5 * CHUNK_BYTES) / 60)));
    const broken = Buffer.concat([text.subarray(0, CHUNK_BYTES - 1), Buffer.from([0xc3]), Buffer.from('x'), text.subarray(CHUNK_BYTES + 1)]);
    const { body } = await pieces.begin(beginRoute, keys.admin, { fileName: 'broken.csv', totalBytes: broken.length });
    expect((await pieces.put(pieceRoute, keys.admin, body.id, 0, pieceOf(broken, CHUNK_BYTES, 0))).status).toBe(201);
    expect((await pieces.put(pieceRoute, keys.admin, body.id, 1, pieceOf(broken, CHUNK_BYTES, 1))).status).toBe(201);
    const res = await pieces.complete(completeRoute, keys.admin, body.id);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/not UTF-8/);
    expect(await db.contactImport.count({ where: { workspaceId } })).toBe(0);
    expect(await storedChunks(body.id)).toBe(0);
  });

  it('accepts characters of every length cut between pieces', async () => {
    const { keys } = await tenant();
    // "é", "€" and "😀" each cut after their first byte, at the ends of pieces 0, 1 and 2.
    const rows = Math.ceil((3.5 * CHUNK_BYTES) / 40);
    const text = Buffer.from(`email,name\n${Array.from({ length: rows }, (_, i) => `person.${i}@example.com,Name ${i}\n`).join('')}`);
    const cutAt = (bytes: Buffer, at: number, char: string) => Buffer.concat([bytes.subarray(0, at - 1), Buffer.from(char), bytes.subarray(at - 1 + Buffer.byteLength(char))]);
    const file = cutAt(cutAt(cutAt(text, CHUNK_BYTES, 'é'), 2 * CHUNK_BYTES, '€'), 3 * CHUNK_BYTES, '😀');
    const { body } = await pieces.begin(beginRoute, keys.admin, { fileName: 'cut.csv', totalBytes: file.length });
    for (let i = 0; i < 4; i++) expect((await pieces.put(pieceRoute, keys.admin, body.id, i, pieceOf(file, CHUNK_BYTES, i))).status).toBe(201);
    expect((await pieces.complete(completeRoute, keys.admin, body.id)).status).toBe(200);
  });

  it('refuses a piece that is not UTF-8 when it arrives, and drops the upload', async () => {
    const { workspaceId, keys } = await tenant();
    const latin1 = Buffer.from(file);
    latin1[CHUNK_BYTES + 100] = 0xeb; // "ë" in Latin-1: a lone byte UTF-8 does not allow there
    const { id } = await pieces.begin(beginRoute, keys.admin, { fileName: 'x.csv', totalBytes: latin1.length }).then((r) => r.body);
    expect((await pieces.put(pieceRoute, keys.admin, id, 0, pieceOf(latin1, CHUNK_BYTES, 0))).status).toBe(201);
    const res = await pieces.put(pieceRoute, keys.admin, id, 1, pieceOf(latin1, CHUNK_BYTES, 1));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/not UTF-8/);
    expect(await db.contactImport.count({ where: { workspaceId } })).toBe(0);
  });

  it('refuses binary data in the first piece that carries it', async () => {
    const { workspaceId, keys } = await tenant();
    const binary = Buffer.from(file);
    binary[CHUNK_BYTES + 5] = 0;
    const { id } = await pieces.begin(beginRoute, keys.admin, { fileName: 'x.csv', totalBytes: binary.length }).then((r) => r.body);
    expect((await pieces.put(pieceRoute, keys.admin, id, 0, pieceOf(binary, CHUNK_BYTES, 0))).status).toBe(201);
    const res = await pieces.put(pieceRoute, keys.admin, id, 1, pieceOf(binary, CHUNK_BYTES, 1));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/binary data/);
    expect(await db.contactImport.count({ where: { workspaceId } })).toBe(0);
  });

  it('keeps the one-request upload for files up to 4 MB, in the same piece storage, and refuses larger ones (413)', async () => {
    const { workspaceId, keys } = await tenant();
    const small = await upload(uploadRoute, keys.admin, generatedCsv(20), { multipart: true });
    expect(small.status).toBe(201);
    expect(await storedChunks(small.body.id)).toBe(1);
    const large = await upload(uploadRoute, keys.admin, file);
    expect(large.status).toBe(413);
    expect(large.body.error).toMatch(/larger than 4 MB/);
    expect(await db.contactImport.count({ where: { workspaceId } })).toBe(1);
  });

  it('drops the stored file when an upload is discarded, and refuses to discard a started import', async () => {
    const { keys } = await tenant();
    const { id } = await begin(keys.admin);
    await put(keys.admin, id, 0);
    expect((await pieces.discard(discardRoute, keys.admin, id)).status).toBe(204);
    expect(await storedChunks(id)).toBe(0);
    expect((await pieces.held(heldRoute, keys.admin, id)).status).toBe(404);

    const small = await upload(uploadRoute, keys.admin, generatedCsv(5));
    await postJson(startRoute, keys.admin, small.body.id, { mapping: { email: 'email' } });
    expect((await pieces.discard(discardRoute, keys.admin, small.body.id)).status).toBe(409);
  });

  it('prunes uploads given up more than a day ago, and pieces a finished import still holds', async () => {
    const { workspaceId, keys } = await tenant();
    const stale = await begin(keys.admin);
    await put(keys.admin, stale.id, 0);
    const unmapped = await upload(uploadRoute, keys.admin, generatedCsv(5));
    const fresh = await begin(keys.admin);
    await put(keys.admin, fresh.id, 0);
    const finished = await upload(uploadRoute, keys.admin, generatedCsv(5));
    await db.contactImport.update({ where: { id: finished.body.id }, data: { status: 'completed' } });
    const dayAgo = new Date(Date.now() - 25 * 3600_000);
    await db.contactImport.updateMany({ where: { id: { in: [stale.id, unmapped.body.id, finished.body.id] } }, data: { createdAt: dayAgo } });

    const pruned = await pruneAbandonedUploads();
    expect(pruned.imports).toBeGreaterThanOrEqual(2);
    const left = await db.contactImport.findMany({ where: { workspaceId }, select: { id: true } });
    expect(left.map((i) => i.id).sort()).toEqual([fresh.id, finished.body.id].sort());
    expect(await storedChunks(fresh.id)).toBe(1);
    expect(await storedChunks(finished.body.id)).toBe(0);
  });
});
