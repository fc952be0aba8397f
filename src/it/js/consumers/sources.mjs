// How the consumer suite talks to each kind of source: produce records, count parked ones, restart the server.
// Records are Centrifugo envelopes ({method, payload}); every source carries them as its native record.
import { spawn, execFileSync } from 'node:child_process';

function redisStream() {
  const port = process.env.SOURCE_PORT;
  let restarted; // the redis-server this suite started itself after a restart
  const cli = (...args) => execFileSync('redis-cli', ['-p', port, ...args]).toString().trim();
  return {
    async produce(records) {
      for (const r of records) cli('XADD', 'events', '*', 'payload', JSON.stringify(r));
    },
    async parked() {
      return Number(cli('XLEN', 'events:parked'));
    },
    /** Restarts the server empty (no persistence), on the same port. */
    async restart() {
      try {
        cli('SHUTDOWN', 'NOSAVE');
      } catch { /* the connection drops as the server exits */ }
      restarted = spawn('redis-server', ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
        '--dir', '/tmp'], { stdio: 'ignore' });
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        try {
          if (cli('PING') === 'PONG') return;
        } catch { /* not up yet */ }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('source did not restart');
    },
    async close() {
      if (restarted) restarted.kill('SIGKILL');
    },
  };
}

const kinds = { 'redis-stream': redisStream };

/** @returns the driver of the source kind the suite runs against */
export function source(kind) {
  const make = kinds[kind];
  if (!make) throw new Error(`unknown SOURCE ${kind}`);
  return make();
}
