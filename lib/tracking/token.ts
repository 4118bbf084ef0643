import { createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/lib/auth/secret';

/**
 * Signed tracking tokens: `base64url(kind | 16-byte id | url?) . base64url(HMAC-SHA256 truncated to 128 bits)`.
 * Why binary and truncated: every email carries several of these, so they stay short (≈46 characters plus a URL).
 */
export const TOKEN_KINDS = { open: 1, click: 2, unsubscribe: 3, view: 4, qr: 5 } as const;
export type TokenKind = keyof typeof TOKEN_KINDS;

export interface TokenPayload {
  kind: TokenKind;
  /** A message id (open, click, unsubscribe, view) or a QR code id (qr). */
  id: string;
  /** Click tokens only: the exact URL that was signed. */
  url?: string;
}

const SIG_BYTES = 16;
const MAX_TOKEN_LENGTH = 4096;
const KIND_OF = new Map<number, TokenKind>(Object.entries(TOKEN_KINDS).map(([k, v]) => [v, k as TokenKind]));

let cachedKey: { secret: string; key: Buffer } | undefined;

/** A key of its own, derived from the app secret, so a tracking signature can never pass as a session signature. */
function signingKey(): Buffer {
  const secret = authSecret();
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: createHmac('sha256', secret).update('herald/tracking-links/v1').digest() };
  return cachedKey.key;
}

const mac = (body: Buffer) => createHmac('sha256', signingKey()).update(body).digest().subarray(0, SIG_BYTES);

const uuidBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');

function uuidString(bytes: Buffer): string {
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Signs a payload into a URL-safe token. */
export function signToken(payload: TokenPayload): string {
  const id = uuidBytes(payload.id);
  if (id.length !== 16) throw new Error('Tracking tokens sign UUIDs only');
  const body = Buffer.concat([Buffer.of(TOKEN_KINDS[payload.kind]), id, payload.url ? Buffer.from(payload.url, 'utf8') : Buffer.alloc(0)]);
  return `${body.toString('base64url')}.${mac(body).toString('base64url')}`;
}

/** The payload of a genuine token of `kind`, or null for anything tampered, truncated or of another kind. */
export function verifyToken(token: unknown, kind: TokenKind): TokenPayload | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const dot = token.indexOf('.');
  if (dot <= 0 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return null;
  const bodyText = token.slice(0, dot);
  const sigText = token.slice(dot + 1);
  const body = Buffer.from(bodyText, 'base64url');
  const sig = Buffer.from(sigText, 'base64url');
  // Why the text is compared too: a last character's unused low bits are ignored when decoding, so without this,
  // several spellings of one token (a link with its last characters changed) would verify.
  if (body.toString('base64url') !== bodyText || sig.toString('base64url') !== sigText) return null;
  if (body.length < 17 || sig.length !== SIG_BYTES || !timingSafeEqual(sig, mac(body))) return null;
  if (KIND_OF.get(body[0]) !== kind) return null;
  const url = body.length > 17 ? body.subarray(17).toString('utf8') : undefined;
  return { kind, id: uuidString(body.subarray(1, 17)), ...(url !== undefined ? { url } : {}) };
}
