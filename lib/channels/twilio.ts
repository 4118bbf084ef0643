/**
 * Twilio through its official package: texts (SMS, WhatsApp) and calls. The REST base is configurable, so development
 * and tests talk to the local simulator with the same requests; every callback Twilio sends is signed with the
 * account's auth token.
 */
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { env } from '@/lib/env';
import { PermanentDeliveryError, TransientDeliveryError } from '@/lib/delivery/errors';

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  from: string;
  whatsappFrom: string;
  apiBase: string | null;
  simulated: boolean;
  callsPerSecond: number;
  messagesPerSecond: number;
}

/** The configured account, or null when calls and texts are not set up. */
export function twilioConfig(): TwilioConfig | null {
  const e = env();
  if (!e.TWILIO_ACCOUNT_SID || !e.TWILIO_AUTH_TOKEN || !e.TWILIO_FROM_NUMBER) return null;
  return {
    accountSid: e.TWILIO_ACCOUNT_SID,
    authToken: e.TWILIO_AUTH_TOKEN,
    from: e.TWILIO_FROM_NUMBER,
    whatsappFrom: e.TWILIO_WHATSAPP_FROM ?? e.TWILIO_FROM_NUMBER,
    apiBase: e.TWILIO_API_BASE?.replace(/\/+$/, '') ?? null,
    simulated: e.TWILIO_SIMULATED,
    callsPerSecond: e.TWILIO_CALLS_PER_SECOND,
    messagesPerSecond: e.TWILIO_MESSAGES_PER_SECOND,
  };
}

/** Sends every request of the official client to another base URL (same paths, bodies and auth). */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly base: URL) {
    super({ keepAlive: true, timeout: 15_000 });
  }

  request<T>(opts: RequestClient.RequestOptions<T>) {
    const uri = new URL(opts.uri);
    uri.protocol = this.base.protocol;
    uri.host = this.base.host;
    uri.pathname = this.base.pathname.replace(/\/+$/, '') + uri.pathname;
    return super.request<T>({ ...opts, uri: uri.href });
  }
}

type Client = ReturnType<typeof twilio>;
const clients = new Map<string, Client>();

/** One client per account and base, reused (it keeps its connections alive). */
export function twilioClient(config: TwilioConfig): Client {
  const key = `${config.accountSid}|${config.apiBase ?? ''}`;
  let client = clients.get(key);
  if (!client) {
    const options: twilio.ClientOpts = config.apiBase ? { httpClient: new RebasedRequestClient(new URL(config.apiBase)) } : {};
    client = twilio(config.accountSid, config.authToken, options);
    clients.set(key, client);
  }
  return client;
}

interface RestError {
  status?: number;
  code?: number | string;
  message?: string;
}

/** Twilio's answer as a delivery error: 429, 5xx and network trouble are worth retrying, any other refusal is final. */
export function classifyTwilioError(err: unknown): TransientDeliveryError | PermanentDeliveryError {
  const e = (err ?? {}) as RestError;
  const status = typeof e.status === 'number' ? e.status : null;
  const message = (e.message ?? String(err)).slice(0, 500);
  if (status === null) return new TransientDeliveryError(typeof e.code === 'string' ? e.code : 'network_error', message);
  const code = e.code ? `twilio_${e.code}` : `http_${status}`;
  if (status === 429 || status >= 500) return new TransientDeliveryError(code, message);
  return new PermanentDeliveryError(code, message);
}
