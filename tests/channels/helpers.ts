import { afterAll, beforeAll } from 'vitest';
import { db } from '@/lib/db';
import { resetEnvCache } from '@/lib/env';
import { startTwilioSimulator, type SimulatorOptions, type TwilioSimulator } from '@/lib/channels/simulator';
import { inboundUrl } from '@/lib/channels/callbacks';
import { POST as status } from '@/app/api/channels/twilio/status/route';
import { POST as voice } from '@/app/api/channels/twilio/voice/route';
import { POST as answer } from '@/app/api/channels/twilio/answer/route';
import { POST as inbound } from '@/app/api/channels/twilio/inbound/route';
import { startRouteServer, type RouteServer } from '../support/route-server';

export const ACCOUNT_SID = 'AC00000000000000000000000000000001';
export const AUTH_TOKEN = 'test-auth-token-0123456789';
export const FROM = '+15005550006';

/**
 * For the whole test file: the Twilio routes behind a loopback server (the app's public URL) and the simulator as
 * Twilio's API, configured through the environment as a deployment would be.
 */
export function withTwilio(options: Omit<SimulatorOptions, 'accountSid' | 'authToken' | 'inboundUrl'> = {}) {
  const env = { ...process.env };
  const ctx = {} as { sim: TwilioSimulator; app: RouteServer };
  beforeAll(async () => {
    await db.$queryRawUnsafe('SELECT 1');
    ctx.app = await startRouteServer({ '/api/channels/twilio/status': status, '/api/channels/twilio/voice': voice, '/api/channels/twilio/answer': answer, '/api/channels/twilio/inbound': inbound });
    ctx.sim = await startTwilioSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, inboundUrl: inboundUrl(ctx.app.url), delayMs: 50, ...options });
    Object.assign(process.env, {
      APP_URL: ctx.app.url,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM_NUMBER: FROM,
      TWILIO_API_BASE: ctx.sim.url,
      TWILIO_CALLS_PER_SECOND: '50',
      TWILIO_MESSAGES_PER_SECOND: '50',
    });
    resetEnvCache();
  });
  afterAll(async () => {
    await ctx.sim?.close();
    await ctx.app?.close();
    for (const k of ['APP_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM_NUMBER', 'TWILIO_API_BASE', 'TWILIO_CALLS_PER_SECOND', 'TWILIO_MESSAGES_PER_SECOND']) {
      if (env[k] === undefined) delete process.env[k];
      else process.env[k] = env[k];
    }
    resetEnvCache();
  });
  return ctx;
}
