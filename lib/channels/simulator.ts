/**
 * A local stand-in for Twilio that speaks its documented REST API and callbacks, so development, the demo and tests
 * place calls and send texts with no account: `POST /2010-04-01/Accounts/{sid}/Messages.json` and `…/Calls.json`
 * (HTTP basic auth), then signed (X-Twilio-Signature) status callbacks; an answered call fetches its TwiML, answers
 * each `<Gather>` with keys or speech, follows `<Redirect>` and ends with a `completed` callback and its duration.
 * Outcomes are drawn at random unless a test scripts them per number.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { E164 } from '@/lib/channels/phone';

export type CallOutcomeScript = 'answer' | 'busy' | 'no-answer' | 'failed';
export interface CallScript {
  outcome: CallOutcomeScript;
  /** One answer per `<Gather>` in order: keys (`"1"`), speech (`"say:yes please"`) or null for silence. */
  answers?: (string | null)[];
}
export interface MessageScript {
  outcome: 'delivered' | 'undelivered' | 'failed';
}

export interface SimulatorOptions {
  accountSid: string;
  authToken: string;
  port?: number;
  /** Per destination number, what happens; random (a realistic mix) when it returns undefined. */
  callScript?: (to: string, attempt: number) => CallScript | undefined;
  messageScript?: (to: string) => MessageScript | undefined;
  /** Pause before each callback, as the network and the carrier take. */
  delayMs?: number;
  /** Send every status callback twice, as Twilio may when it retries. */
  duplicateCallbacks?: boolean;
  /** Where inbound texts go (the app's /api/channels/twilio/inbound). */
  inboundUrl?: string;
  random?: () => number;
  log?: (line: string) => void;
}

export interface SimulatedMessage {
  sid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | null;
  status: string;
}
export interface SimulatedCall {
  sid: string;
  to: string;
  from: string;
  url: string;
  statusCallback: string | null;
  status: string;
  answers: { digits?: string; speech?: string }[];
  durationSeconds: number;
  /** Every TwiML document the call was given. */
  twiml: string[];
}

export interface TwilioSimulator {
  url: string;
  messages: SimulatedMessage[];
  calls: SimulatedCall[];
  /** Callbacks the app refused (status ≥ 400), with the answer's status. */
  refused: { url: string; status: number }[];
  /** A text from `from` to the app's number, as Twilio posts it to the inbound webhook. */
  sendInbound(from: string, body: string, to?: string): Promise<number>;
  /** Resolves when every callback started so far has been delivered. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const sidOf = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(body))));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1]?.replace(/&amp;/g, '&') ?? null;

export async function startTwilioSimulator(o: SimulatorOptions): Promise<TwilioSimulator> {
  const random = o.random ?? Math.random;
  const delay = o.delayMs ?? 300;
  const log = o.log ?? (() => undefined);
  const messages: SimulatedMessage[] = [];
  const calls: SimulatedCall[] = [];
  const refused: { url: string; status: number }[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const attempts = new Map<string, number>();

  /** A signed form POST to the app, retried on network errors as Twilio's connection retries do. */
  async function post(url: string, params: Record<string, string>): Promise<{ status: number; text: string }> {
    const signature = twilio.getExpectedTwilioSignature(o.authToken, url, params);
    for (let i = 1; ; i++) {
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature }, body: new URLSearchParams(params).toString() });
        const text = await res.text();
        if (res.status >= 400) refused.push({ url, status: res.status });
        return { status: res.status, text };
      } catch (err) {
        if (i >= 3) {
          log(`callback to ${url} failed: ${(err as Error).message}`);
          return { status: 0, text: '' };
        }
        await sleep(200 * i);
      }
    }
  }

  const later = (work: () => Promise<unknown>) => {
    const p = (async () => {
      await sleep(delay);
      await work();
    })().catch((err) => log(`simulator: ${(err as Error).message}`));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const callback = async (url: string | null, params: Record<string, string>) => {
    if (!url) return;
    await post(url, params);
    if (o.duplicateCallbacks) await post(url, params);
  };

  function randomCall(): CallScript {
    const r = random();
    if (r < 0.55) return { outcome: 'answer', answers: Array.from({ length: 5 }, () => (random() < 0.15 ? null : String(1 + Math.floor(random() * 3)))) };
    if (r < 0.8) return { outcome: 'no-answer' };
    if (r < 0.92) return { outcome: 'busy' };
    return { outcome: 'failed' };
  }

  async function runCall(call: SimulatedCall, script: CallScript) {
    const base = { AccountSid: o.accountSid, CallSid: call.sid, From: call.from, To: call.to, Direction: 'outbound-api', ApiVersion: '2010-04-01' };
    if (script.outcome !== 'answer') {
      call.status = script.outcome;
      await callback(call.statusCallback, { ...base, CallStatus: script.outcome, CallDuration: '0', Duration: '0' });
      return;
    }
    call.status = 'in-progress';
    let seconds = 2;
    let next: string | null = call.url;
    let params: Record<string, string> = { ...base, CallStatus: 'in-progress' };
    let gathers = 0;
    for (let hops = 0; next && hops < 40; hops++) {
      const { text } = await post(next, params);
      call.twiml.push(text);
      for (const m of text.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)) seconds += Math.ceil(m[1].length / 15);
      next = null;
      params = { ...base, CallStatus: 'in-progress' };
      const gather = /<Gather\b[^>]*>/.exec(text)?.[0];
      if (gather) {
        const answer = script.answers?.[gathers++] ?? null;
        seconds += 3;
        if (answer !== null && answer !== undefined) {
          next = attr(gather, 'action');
          if (answer.startsWith('say:')) {
            params = { ...params, SpeechResult: answer.slice(4), Confidence: '0.92' };
            call.answers.push({ speech: answer.slice(4) });
          } else {
            params = { ...params, Digits: answer };
            call.answers.push({ digits: answer });
          }
          continue;
        }
      }
      if (/<Hangup\s*\/>/.test(text)) break;
      const redirect = /<Redirect[^>]*>([^<]*)<\/Redirect>/.exec(text);
      if (redirect) next = redirect[1].replace(/&amp;/g, '&');
    }
    call.status = 'completed';
    call.durationSeconds = seconds;
    await callback(call.statusCallback, { ...base, CallStatus: 'completed', CallDuration: String(seconds), Duration: String(Math.ceil(seconds / 60)) });
  }

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/.exec(path);
    if (req.method !== 'POST' || !match) return send(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    if (auth !== `${o.accountSid}:${o.authToken}` || match[1] !== o.accountSid) return send(401, { code: 20003, message: 'Authenticate', status: 401 });
    const form = await readForm(req);
    const to = (form.To ?? '').replace(/^whatsapp:/, '');
    if (!E164.test(to)) return send(400, { code: 21211, message: `The 'To' number ${form.To} is not a valid phone number.`, status: 400 });
    const now = new Date().toUTCString();
    if (match[2] === 'Messages') {
      if (!form.Body) return send(400, { code: 21602, message: 'Message body is required.', status: 400 });
      const m: SimulatedMessage = { sid: sidOf('SM'), to: form.To, from: form.From, body: form.Body, statusCallback: form.StatusCallback ?? null, status: 'queued' };
      messages.push(m);
      const script = o.messageScript?.(to) ?? { outcome: random() < 0.95 ? 'delivered' : 'undelivered' };
      later(async () => {
        const base = { AccountSid: o.accountSid, MessageSid: m.sid, SmsSid: m.sid, From: m.from, To: m.to, ApiVersion: '2010-04-01' };
        await callback(m.statusCallback, { ...base, MessageStatus: 'sent', SmsStatus: 'sent' });
        m.status = script.outcome;
        const error: Record<string, string> = script.outcome === 'delivered' ? {} : { ErrorCode: '30003', ErrorMessage: 'Unreachable destination handset' };
        await callback(m.statusCallback, { ...base, MessageStatus: script.outcome, SmsStatus: script.outcome, ...error });
      });
      return send(201, { sid: m.sid, account_sid: o.accountSid, to: m.to, from: m.from, body: m.body, status: 'queued', direction: 'outbound-api', num_segments: '1', date_created: now, date_updated: now, api_version: '2010-04-01', uri: `${path.replace('.json', '')}/${m.sid}.json` });
    }
    if (!form.Url) return send(400, { code: 21205, message: 'Url parameter is required.', status: 400 });
    const call: SimulatedCall = { sid: sidOf('CA'), to: form.To, from: form.From, url: form.Url, statusCallback: form.StatusCallback ?? null, status: 'queued', answers: [], durationSeconds: 0, twiml: [] };
    calls.push(call);
    const attempt = (attempts.get(to) ?? 0) + 1;
    attempts.set(to, attempt);
    const script = o.callScript?.(to, attempt) ?? randomCall();
    later(() => runCall(call, script));
    return send(201, { sid: call.sid, account_sid: o.accountSid, to: call.to, from: call.from, status: 'queued', direction: 'outbound-api', date_created: now, date_updated: now, api_version: '2010-04-01', uri: `${path.replace('.json', '')}/${call.sid}.json` });
  });

  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : o.port}`;
  return {
    url,
    messages,
    calls,
    refused,
    async sendInbound(from, body, to = '+15005550006') {
      if (!o.inboundUrl) throw new Error('The simulator has no inboundUrl');
      const sid = sidOf('SM');
      const { status } = await post(o.inboundUrl, { AccountSid: o.accountSid, MessageSid: sid, SmsSid: sid, From: from, To: to, Body: body, NumMedia: '0', ApiVersion: '2010-04-01' });
      return status;
    },
    async settled() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
