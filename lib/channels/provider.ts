/**
 * Where texts and calls go: Twilio (or the local simulator speaking its API). Each sending number has its own rate,
 * calls and messages apart, as Twilio meters them.
 */
import { TokenBucket } from '@/lib/delivery/rate';
import { classifyTwilioError, twilioClient, twilioConfig, type TwilioConfig } from '@/lib/channels/twilio';

export interface OutgoingText {
  channel: 'sms' | 'whatsapp';
  /** E.164 */
  to: string;
  body: string;
  statusCallback: string;
}

export interface OutgoingCall {
  to: string;
  /** Where Twilio fetches the call's TwiML once it is answered. */
  voiceUrl: string;
  statusCallback: string;
}

export interface PhoneProvider {
  simulated: boolean;
  /** Waits for the sending number's next free slot (calls and messages are metered apart). */
  slot(kind: 'call' | 'message', channel: 'sms' | 'whatsapp' | 'call'): Promise<void>;
  /** Throws TransientDeliveryError or PermanentDeliveryError; resolves to the provider's id (SM…, CA…). */
  sendText(text: OutgoingText): Promise<string>;
  placeCall(call: OutgoingCall): Promise<string>;
}

const buckets = new Map<string, TokenBucket>();
function bucketOf(number: string, kind: 'call' | 'message', perSecond: number): TokenBucket {
  const key = `${number}|${kind}|${perSecond}`;
  let b = buckets.get(key);
  if (!b) buckets.set(key, (b = new TokenBucket(perSecond)));
  return b;
}

/** How long Twilio lets a call ring before it is `no-answer` (its own default is 60 s; a campaign wants less). */
const RING_SECONDS = 25;

function twilioProvider(config: TwilioConfig): PhoneProvider {
  const client = twilioClient(config);
  const fromOf = (channel: 'sms' | 'whatsapp' | 'call') => (channel === 'whatsapp' ? config.whatsappFrom : config.from);
  return {
    simulated: config.simulated,
    slot(kind, channel) {
      return bucketOf(fromOf(channel), kind, kind === 'call' ? config.callsPerSecond : config.messagesPerSecond).take();
    },
    async sendText(t) {
      const wa = t.channel === 'whatsapp';
      try {
        const m = await client.messages.create({
          to: wa ? `whatsapp:${t.to}` : t.to,
          from: wa ? `whatsapp:${config.whatsappFrom}` : config.from,
          body: t.body,
          statusCallback: t.statusCallback,
        });
        return m.sid;
      } catch (err) {
        throw classifyTwilioError(err);
      }
    },
    async placeCall(c) {
      try {
        const call = await client.calls.create({
          to: c.to,
          from: config.from,
          url: c.voiceUrl,
          method: 'POST',
          statusCallback: c.statusCallback,
          statusCallbackMethod: 'POST',
          statusCallbackEvent: ['completed'],
          timeout: RING_SECONDS,
        });
        return call.sid;
      } catch (err) {
        throw classifyTwilioError(err);
      }
    },
  };
}

/** The provider of this process, or null when Twilio is not configured (texts and calls then fail as not set up). */
export function getPhoneProvider(): PhoneProvider | null {
  const config = twilioConfig();
  return config ? twilioProvider(config) : null;
}
