import { badRequest } from '@/lib/http/errors';
import { CHUNK_BYTES, tooLarge } from '@/lib/imports/storage';

/** An uploaded file as it arrives: its name and its bytes, never buffered whole. */
export interface IncomingFile {
  fileName: string;
  chunks: AsyncIterable<Uint8Array>;
}

const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];
const MAX_PART_HEADER_BYTES = 16 * 1024;
const MAX_SKIPPED_FIELD_BYTES = 1024 * 1024;

/** A file name safe to store and show: no directories, no control characters, at most 200 characters. */
export function cleanFileName(name: string | null | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f"]/g, '').trim();
  return base.slice(0, 200) || 'contacts.csv';
}

function fileNameOf(disposition: string): string | null {
  const extended = /filename\*\s*=\s*UTF-8''([^;\r\n]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      /* fall back to the plain parameter */
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\r\n]*))/i.exec(disposition);
  return plain ? (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1') : null;
}

/**
 * The first file part of a multipart/form-data body, read incrementally: only a boundary's worth of bytes is held
 * back while its content streams on.
 */
export async function multipartFile(body: AsyncIterable<Uint8Array>, boundary: string): Promise<IncomingFile> {
  const source = body[Symbol.asyncIterator]();
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // Why: a leading CRLF makes the first boundary look like every later one.
  let buf = Buffer.from('\r\n');
  const more = async () => {
    const next = await source.next();
    if (next.done) return false;
    buf = Buffer.concat([buf, next.value]);
    return true;
  };
  /** Consumes everything up to and including `marker`; what came before it is returned. */
  const readUntil = async (marker: Buffer, limit: number, tooLong: string) => {
    for (;;) {
      const at = buf.indexOf(marker);
      if (at >= 0) {
        const before = buf.subarray(0, at);
        buf = buf.subarray(at + marker.length);
        return before;
      }
      if (buf.length > limit) throw badRequest(tooLong);
      if (!(await more())) throw badRequest('The upload ended before the file did; try again.');
    }
  };
  async function* content(): AsyncGenerator<Buffer> {
    for (;;) {
      const at = buf.indexOf(delimiter);
      if (at >= 0) {
        if (at > 0) yield buf.subarray(0, at);
        return;
      }
      const safe = buf.length - delimiter.length + 1;
      if (safe > 0) {
        yield buf.subarray(0, safe);
        buf = buf.subarray(safe);
      }
      if (!(await more())) throw badRequest('The upload ended before the file did; try again.');
    }
  }
  for (;;) {
    await readUntil(delimiter, MAX_SKIPPED_FIELD_BYTES, 'Send the CSV as the first form field, named "file".');
    while (buf.length < 2 && (await more()));
    if (buf.subarray(0, 2).toString() !== '\r\n') break;
    buf = buf.subarray(2);
    const headers = (await readUntil(Buffer.from('\r\n\r\n'), MAX_PART_HEADER_BYTES, 'A form part has oversized headers.')).toString('utf8');
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    const fileName = fileNameOf(disposition);
    if (fileName !== null) return { fileName: cleanFileName(fileName), chunks: content() };
  }
  throw badRequest('Attach the CSV file in a form field named "file".');
}

/** Browsers percent-encode non-ASCII names they put in a header. */
function headerFileName(req: Request): string | null {
  const name = req.headers.get('x-file-name');
  try {
    return name === null ? null : decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** A small file sent in one request must fit in one piece; larger files go through the upload in pieces. */
const singleRequestTooLarge = () => tooLarge(CHUNK_BYTES, 'A file sent in one request');

/** Accepts multipart/form-data with a file, or the CSV itself as the body (name in `?name=` or `x-file-name`). */
export async function incomingFile(req: Request): Promise<IncomingFile> {
  const length = Number(req.headers.get('content-length') ?? 0);
  // Why: the multipart envelope adds a little on top of the file itself.
  if (length > CHUNK_BYTES + 64 * 1024) throw singleRequestTooLarge();
  if (!req.body) throw badRequest('Attach a CSV file.');
  const contentType = req.headers.get('content-type') ?? '';
  const type = contentType.toLowerCase();
  const body = req.body as unknown as AsyncIterable<Uint8Array>;
  if (type.startsWith('multipart/form-data')) {
    // The boundary is case-sensitive, so it is read from the header as sent.
    const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    if (!boundary) throw badRequest('The multipart body has no boundary.');
    return multipartFile(body, boundary[1] ?? boundary[2]);
  }
  if (CSV_TYPES.some((t) => type.startsWith(t))) {
    return { fileName: cleanFileName(new URL(req.url).searchParams.get('name') ?? headerFileName(req)), chunks: body };
  }
  throw badRequest('Send the CSV as multipart/form-data (field "file") or as a text/csv body.');
}

/** Collects a body of at most `limit` bytes, refusing (413) as soon as it grows past it. */
export async function collectBytes(chunks: AsyncIterable<Uint8Array>, limit: number, refuse: () => Error): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) throw refuse();
    parts.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return Buffer.concat(parts, size);
}

/** The whole file of a single-request upload, which must fit in one piece. */
export const singleRequestBytes = (file: IncomingFile) => collectBytes(file.chunks, CHUNK_BYTES, singleRequestTooLarge);

/** One piece of a file uploaded in pieces: the raw request body, at most CHUNK_BYTES. */
export async function chunkBody(req: Request): Promise<Buffer> {
  const refuse = () => tooLarge(CHUNK_BYTES, 'A piece');
  if (Number(req.headers.get('content-length') ?? 0) > CHUNK_BYTES) throw refuse();
  if (!req.body) return Buffer.alloc(0);
  return collectBytes(req.body as unknown as AsyncIterable<Uint8Array>, CHUNK_BYTES, refuse);
}
