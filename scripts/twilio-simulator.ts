/**
 * The local Twilio stand-in `npm run dev` starts beside the app, so the demo's calls and texts ring through to outcomes
 * with no account. Prints one line `twilio simulator on <url>` once it listens; answers and outcomes are drawn at random.
 * Environment: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN (the app's), SIMULATOR_PORT, APP_URL (the app, for inbound texts).
 */
import { startTwilioSimulator } from '@/lib/channels/simulator';

const accountSid = process.env.TWILIO_ACCOUNT_SID;
const authToken = process.env.TWILIO_AUTH_TOKEN;
if (!accountSid || !authToken) {
  console.error('twilio simulator: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are required');
  process.exit(1);
}
const appUrl = process.env.APP_URL ?? 'http://127.0.0.1:3000';

const simulator = await startTwilioSimulator({
  accountSid,
  authToken,
  port: Number(process.env.SIMULATOR_PORT ?? 0),
  // A call rings and a text travels for a moment, as they do on a real network.
  delayMs: Number(process.env.SIMULATOR_DELAY_MS ?? 1500),
  inboundUrl: `${appUrl}/api/channels/twilio/inbound`,
  log: (line) => console.log(`twilio simulator: ${line}`),
});
console.log(`twilio simulator on ${simulator.url}`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => void simulator.close().finally(() => process.exit(0)));
}
