// A loopback SMTP sink in its own process, so the benchmark's sender does not pay for receiving. It counts
// messages, distinct X-Herald-Message-Id values, the time of the last arrival and its own CPU time since the last
// reset, and answers "count" / "reset" / "close" over IPC.
import { SMTPServer } from 'smtp-server';

let count = 0;
let last = 0;
let cpu0 = process.cpuUsage();
const ids = new Set();
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, cb) {
    let head = '';
    stream.on('data', (chunk) => {
      if (head.length < 4096) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      count++;
      last = Date.now();
      const id = /^X-Herald-Message-Id:\s*(\S+)/im.exec(head)?.[1];
      if (id) ids.add(id);
      cb();
    });
  },
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.server.address().port }));
process.on('message', (m) => {
  if (m === 'count') {
    const cpu = process.cpuUsage(cpu0);
    process.send({ count, distinct: ids.size, last, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  if (m === 'reset') {
    count = 0;
    last = 0;
    ids.clear();
    cpu0 = process.cpuUsage();
  }
  if (m === 'close') server.close(() => process.exit(0));
});
