// Bench-only: sets TCP_NODELAY on every socket this process opens, emulating the one-line change proposed for
// lib/delivery/smtp.ts (nodemailer leaves Nagle on; with loopback delayed ACKs each message then waits ~40 ms,
// capping a 5-connection pool near 125 messages/s whatever the CPU). Importing it installs it (child processes use
// `--import`); `installNoDelay()` does the same for the current process and returns the undo.
import net from 'node:net';

const original = net.Socket.prototype.connect;

export function installNoDelay(): () => void {
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    this.setNoDelay(true);
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof original;
  return () => {
    net.Socket.prototype.connect = original;
  };
}

if (process.env.HERALD_BENCH_NODELAY === '1') installNoDelay();
