import { db } from '@/lib/db';
import { applyFeedback } from '@/lib/delivery/feedback';
import { requireToken } from '@/lib/tracking/record';
import { verifyToken } from '@/lib/tracking/token';

/** Unsubscribes the recipient of the message the link was made for (one-click POST or the confirm page's button). */
export async function unsubscribeByToken(token: unknown, source: 'one-click' | 'confirm-page', at = new Date()): Promise<{ unsubscribed: boolean }> {
  const { id } = requireToken(token, 'unsubscribe');
  const outcome = await applyFeedback(id, { type: 'unsubscribed', at, source });
  return { unsubscribed: outcome !== 'unknown' };
}

/** "a***@example.com": enough for the reader to recognise the address, not enough to harvest it from a forwarded link. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return domain ? `${local.slice(0, 1)}${'*'.repeat(Math.max(1, Math.min(local.length - 1, 6)))}@${domain}` : '***';
}

export interface UnsubscribePageData {
  email: string;
  workspaceName: string;
  unsubscribed: boolean;
}

/** What the confirm page shows; null for a forged link or one whose message no longer exists. */
export async function unsubscribePageData(token: unknown): Promise<UnsubscribePageData | null> {
  const id = verifyToken(token, 'unsubscribe')?.id;
  if (!id) return null;
  const m = await db.message.findUnique({
    where: { id },
    select: { toAddress: true, contact: { select: { unsubscribedAt: true, workspace: { select: { name: true } } } } },
  });
  if (!m) return null;
  return { email: maskEmail(m.toAddress), workspaceName: m.contact.workspace.name, unsubscribed: Boolean(m.contact.unsubscribedAt) };
}
