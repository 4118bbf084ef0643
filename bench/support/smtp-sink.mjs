// A loopback SMTP sink in its own process, so the benchmark's sender does not pay for receiving. It counts
// messages, distinct X-Herald-Message-Id values and the time of the last arrival, and answers
// "count" / "reset" / "close" over IPC.
import { SMTPServer } from 'smtp-server';

let count = 0;
let last = 0;
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
  if (m === 'count') process.send({ count, distinct: ids.size, last });
  if (m === 'reset') {
    count = 0;
    last = 0;
    ids.clear();
  }
  if (m === 'close') server.close(() => process.exit(0));
});
