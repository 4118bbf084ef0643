import { z } from 'zod';
import { PermanentDeliveryError } from '@/lib/delivery/errors';

/** One message as the delivery step hands it over; `messageId` links it back to its Message row. */
export interface OutgoingEmail {
  workspaceId: string;
  messageId?: string;
  to: string;
  from?: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** The Message-ID's local part when it must be the same on every attempt (a campaign's `campaign.step.contact`). */
  stableId?: string;
}

export interface SendResult {
  providerMessageId: string;
  accepted: boolean;
}

/** Where mail goes: a real SMTP server, or the local sink the Outbox page reads. */
export interface Transport {
  kind: 'smtp' | 'sink';
  /** Throws TransientDeliveryError or PermanentDeliveryError. */
  send(email: OutgoingEmail): Promise<SendResult>;
  close(): Promise<void>;
  /** Whether the server answers now (a connection and its greeting, no message); dispatch probes with it during an outage. */
  reachable?(): Promise<boolean>;
}

const address = z.email();

/** An address that cannot receive mail is a permanent failure before any server is asked. */
export function assertDeliverable(to: string): void {
  if (!address.safeParse(to).success) throw new PermanentDeliveryError('invalid_address', `"${to.slice(0, 254)}" is not a valid email address`);
}

/** The header every message carries so replies, bounces and the sink can be matched to their Message row. */
export const MESSAGE_ID_HEADER = 'X-Herald-Message-Id';
