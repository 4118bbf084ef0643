import { env } from '@/lib/env';
import { signToken, type TokenKind } from '@/lib/tracking/token';

/** The public base URL of links in emails: APP_URL, else NEXTAUTH_URL, else the request's origin, else localhost. */
export function publicBaseUrl(requestOrigin?: string | null): string {
  const e = env();
  const base = e.APP_URL ?? e.NEXTAUTH_URL ?? requestOrigin ?? `http://localhost:${process.env.PORT ?? 3000}`;
  return base.replace(/\/+$/, '');
}

const PATHS: Record<TokenKind, string> = { open: 'o', click: 'c', unsubscribe: 'u', view: 'v', qr: 'q' };

/** A signed public link of one kind for a message (or QR code) id. */
export function trackingUrl(base: string, kind: TokenKind, id: string, url?: string): string {
  return `${base}/t/${PATHS[kind]}/${signToken({ kind, id, url })}`;
}

/** The origin of a request (for links built while answering it). */
export const originOf = (req: Request) => new URL(req.url).origin;
