import { badRequest } from '@/lib/http/errors';
import { applyFeedback } from '@/lib/delivery/feedback';
import { verifyToken, type TokenKind, type TokenPayload } from '@/lib/tracking/token';
import { logError } from '@/lib/log';

/** The smallest transparent GIF: what the open pixel answers. */
export const TRANSPARENT_GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** A genuine token of `kind`, or a 400 (a tampered or truncated link changes nothing and goes nowhere). */
export function requireToken(token: unknown, kind: TokenKind): TokenPayload {
  const payload = verifyToken(token, kind);
  if (!payload) throw badRequest('This link is not valid');
  return payload;
}

/** Recording must not stand between a reader and the pixel or the link: a failure is logged, not shown. */
async function recordQuietly(messageId: string, feedback: Parameters<typeof applyFeedback>[1]) {
  try {
    await applyFeedback(messageId, feedback);
  } catch (err) {
    logError(`[tracking] could not record ${feedback.type} of message ${messageId}`, err);
  }
}

/** The open pixel was loaded: first open time and one message_opened event per message. */
export async function recordOpen(token: unknown, at = new Date()): Promise<void> {
  const { id } = requireToken(token, 'open');
  await recordQuietly(id, { type: 'opened', at, source: 'pixel' });
}

/** A tracked link was followed: records the click and returns the URL that was signed, the only place we redirect to. */
export async function recordClick(token: unknown, at = new Date()): Promise<string> {
  const { id, url } = requireToken(token, 'click');
  if (!url || !/^https?:\/\//i.test(url)) throw badRequest('This link is not valid');
  await recordQuietly(id, { type: 'clicked', at, source: 'link', url });
  return url;
}
