import { isUtf8 } from 'node:buffer';

/**
 * A file arrives in pieces cut at fixed sizes, so a character may be cut between two pieces. Each piece is checked when
 * it arrives, apart from a character cut at either end; once all are there, only the characters cut between pieces
 * are checked, from a few bytes at each end, instead of reading the whole file again.
 */

/** Bytes at either end of a piece that can belong to a character cut between pieces. */
export const CUT_BYTES = 3;

const isContinuation = (byte: number) => (byte & 0xc0) === 0x80;

/** How many bytes the character that `lead` starts takes; 0 for a byte that starts none. */
function characterLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Where a piece's own characters start (past the end of one the piece before began) and end (before one cut off). */
function ownCharacters(bytes: Uint8Array, first: boolean, last: boolean): { start: number; end: number } {
  let start = 0;
  if (!first) while (start < CUT_BYTES && start < bytes.length && isContinuation(bytes[start])) start++;
  let end = bytes.length;
  if (!last) {
    for (let at = bytes.length - 1; at >= Math.max(start, bytes.length - 1 - CUT_BYTES); at--) {
      if (isContinuation(bytes[at])) continue;
      const length = characterLength(bytes[at]);
      if (length > 1 && at + length > bytes.length) end = at;
      break;
    }
  }
  return { start, end };
}

/** Whether piece `index` of `count` is UTF-8, leaving out a character cut between it and a neighbour. */
export function pieceIsUtf8(bytes: Uint8Array, index: number, count: number): boolean {
  const { start, end } = ownCharacters(bytes, index === 0, index === count - 1);
  return isUtf8(bytes.subarray(start, Math.max(start, end)));
}

/**
 * Whether the character cut between two neighbouring pieces is whole: `tail` is the last CUT_BYTES + 1 bytes of the
 * first (or all of it), `head` the first CUT_BYTES bytes of the second.
 */
export function cutIsUtf8(tail: Uint8Array, head: Uint8Array): boolean {
  const left = tail.subarray(ownCharacters(tail, true, false).end);
  const right = head.subarray(0, ownCharacters(head, false, true).start);
  if (left.length === 0 && right.length === 0) return true;
  return isUtf8(Buffer.concat([left, right]));
}
