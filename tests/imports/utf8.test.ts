import { describe, expect, it } from 'vitest';
import { CUT_BYTES, cutIsUtf8, pieceIsUtf8 } from '@/lib/imports/utf8';
import { seededRandom } from '../helpers/random';

const wholeIsUtf8 = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** Characters of every length, and what UTF-8 forbids: stray and missing continuations, overlong forms, surrogates, past U+10FFFF. */
const FRAGMENTS = [
  [0x61], [0x2c], [0x0a], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xf4, 0x8f, 0xbf, 0xbf],
  [0x80], [0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xf8],
];

describe('checking UTF-8 piece by piece', () => {
  it('refuses a file exactly when its pieces and the characters cut between them say so, wherever the cuts fall', () => {
    let valid = 0;
    for (let seed = 1; seed <= 20_000; seed++) {
      const g = seededRandom(seed);
      // Mostly valid text with now and then one forbidden fragment, so both answers come up often.
      const bytes: number[] = [];
      const length = 1 + g.int(24);
      for (let i = 0; i < length; i++) bytes.push(...(g.next() < 0.93 ? g.pick(FRAGMENTS.slice(0, 7)) : g.pick(FRAGMENTS)));
      const file = Buffer.from(bytes);
      // Pieces of at least CUT_BYTES + 1 bytes, as the real ones (4 MB) are; the last may be shorter.
      const pieces: Buffer[] = [];
      for (let at = 0; at < file.length; ) {
        const size = CUT_BYTES + 1 + g.int(6);
        pieces.push(file.subarray(at, at + size));
        at += size;
      }
      const byPieces =
        pieces.every((piece, i) => pieceIsUtf8(piece, i, pieces.length)) &&
        pieces.slice(1).every((piece, i) => cutIsUtf8(pieces[i].subarray(-(CUT_BYTES + 1)), piece.subarray(0, CUT_BYTES)));
      expect(byPieces, `seed ${seed}: ${file.toString('hex')} in ${pieces.map((p) => p.toString('hex')).join(' | ')}`).toBe(wholeIsUtf8(file));
      if (byPieces) valid++;
    }
    // Both answers were tried many times.
    expect(valid).toBeGreaterThan(2000);
    expect(valid).toBeLessThan(18_000);
  });
});
