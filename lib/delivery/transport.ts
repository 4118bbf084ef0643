import { env } from '@/lib/env';
import type { Transport } from '@/lib/delivery/outgoing';
import { createSinkTransport } from '@/lib/delivery/sink';
import { createSmtpTransport } from '@/lib/delivery/smtp';

export type { OutgoingEmail, SendResult, Transport } from '@/lib/delivery/outgoing';
export { DeliveryError, PermanentDeliveryError, TransientDeliveryError, isDeliveryError } from '@/lib/delivery/errors';

type Holder = { transport?: Transport; smtpUrl?: string };
const holder: Holder = ((globalThis as unknown as { __heraldTransport?: Holder }).__heraldTransport ??= {});

/** The transport of this process, reused across sends (the SMTP one keeps a pool of connections open). */
export function getTransport(): Transport {
  const smtpUrl = env().SMTP_URL;
  if (holder.transport && holder.smtpUrl === smtpUrl) return holder.transport;
  void holder.transport?.close();
  holder.smtpUrl = smtpUrl;
  holder.transport = smtpUrl ? createSmtpTransport(smtpUrl) : createSinkTransport();
  return holder.transport;
}

/** Closes the pooled connections; the next getTransport() starts afresh. */
export async function closeTransport(): Promise<void> {
  const t = holder.transport;
  holder.transport = undefined;
  holder.smtpUrl = undefined;
  await t?.close();
}
