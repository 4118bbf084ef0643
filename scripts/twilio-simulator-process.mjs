// Starts the local Twilio stand-in (scripts/twilio-simulator.ts) as a child of this script, for `npm run dev` and `npm test`.
import { spawn } from 'node:child_process';

/**
 * Resolves with the child and the URL it listens on once it says so; its stdout is then the caller's to pipe or drain.
 * Run by node itself (not npx), so stopping the child stops the simulator and nothing holds the caller's pipes open.
 */
export function startTwilioSimulator(env) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/twilio-simulator.ts'], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d) => {
      out += d;
      const m = /twilio simulator on (\S+)/.exec(out);
      if (!m) return;
      child.stdout.off('data', onData);
      resolve({ child, url: m[1] });
    };
    child.stdout.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the Twilio simulator stopped (${code}): ${out}`)));
  });
}
