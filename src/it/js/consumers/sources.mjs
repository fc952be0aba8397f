// How the consumer suite talks to each kind of source (SOURCE): make it ready, produce records, count parked ones,
// restart the server, let it go. Every driver has the same interface; ConsumersIT passes what a driver needs:
//   SOURCE_PORT   the server's port on 127.0.0.1
//   SOURCE_START  postgresql, kafka, nats: the command line (arguments joined by U+001F) that starts the server
//   SOURCE_STOP   postgresql: the command line that stops it at once
//   SOURCE_LOG    kafka, nats: where the output of the server this driver runs goes
// Records are Centrifugo envelopes ({method, payload}); each source carries them as its native record: a stream entry
// with the envelope in `payload`, an outbox row (method, payload), a Kafka record or a JetStream message whose value
// is the envelope.
import { spawn, execFile, execFileSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { promisify } from 'node:util';
import kafkajs from 'kafkajs';
import { connect as natsConnect } from 'nats';
import { withTimeout } from '../support.mjs';

const run = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const argv = (name) => process.env[name].split('\u001f');

/** Servers a driver started; killed when this process exits, however the suite ends. */
const children = new Set();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

/** Starts a server process of the suite, its output appended to `logFile` (else discarded). */
function server(command, logFile) {
  const [file, ...args] = command;
  const log = logFile ? openSync(logFile, 'a') : 'ignore';
  const child = spawn(file, args, { stdio: ['ignore', log, log] });
  if (logFile) closeSync(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Polls `probe` (truthy, or throws while not yet) until it holds; fails after `ms` with the last error. */
async function until(probe, ms, label) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (e) {
      if (e.fatal) throw e;
      last = e;
    }
    await sleep(100);
  }
  throw new Error(`${label}: not within ${ms} ms${last ? ` (${last.message})` : ''}`);
}

/** Waits until the server `child` (started with `server`) passes `probe`; fails at once if it exits. */
function serving(child, name, probe, ms, label) {
  return until(async () => {
    if (child.exitCode !== null) {
      const error = new Error(`${name} exited ${child.exitCode}, see ${process.env.SOURCE_LOG}`);
      throw Object.assign(error, { fatal: true });
    }
    return probe();
  }, ms, label);
}

/** kill -9 of a server started with `server`, if it still runs; resolves once it exited. */
async function killServer(child, name) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await withTimeout(exited, 10_000, `${name} exit`);
}

function redisStream() {
  const port = process.env.SOURCE_PORT;
  let restarted; // the redis-server this suite started itself after a restart
  const cli = (...args) => execFileSync('redis-cli', ['-p', port, ...args], { timeout: 10_000 }).toString().trim();
  const ready = () => until(() => cli('PING') === 'PONG', 10_000, 'redis-server answering PING');
  return {
    open: ready,
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
      restarted = server(['redis-server', '--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
        '--dir', '/tmp']);
      await ready();
    },
    async close() {
      if (restarted) restarted.kill('SIGKILL');
    },
  };
}

/** The outbox table `events` (and `events_parked`), created by ConsumersIT; the server runs under pg_ctl. */
function postgresql() {
  const port = process.env.SOURCE_PORT;
  const psql = async (sql) => (await run('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1',
    '-p', port, '-U', 'postgres', '-d', 'postgres', '-c', sql],
  { timeout: 10_000, env: { ...process.env, PGCONNECT_TIMEOUT: '2' } })).stdout.trim();
  const literal = (text) => `'${text.replaceAll("'", "''")}'`;
  const command = async (name) => {
    const [file, ...args] = argv(name);
    await run(file, args, { timeout: 60_000 });
  };
  const ready = () => until(async () => (await psql('SELECT 1')) === '1', 30_000, 'postgresql answering a query');
  return {
    open: ready,
    /** One INSERT, so the rows get their ids (their order) as listed. */
    async produce(records) {
      await psql(`INSERT INTO events (method, payload) VALUES ${records
        .map((r) => `(${literal(r.method)}, ${literal(JSON.stringify(r.payload))})`).join(', ')}`);
    },
    async parked() {
      return Number(await psql('SELECT count(*) FROM events_parked'));
    },
    /** Stops the server at once (connections cut, no checkpoint) and starts it again: committed rows survive. */
    async restart() {
      await command('SOURCE_STOP');
      await command('SOURCE_START'); // pg_ctl -w: returns once the server accepts connections
      await ready();
    },
    async close() {},
  };
}

/** A single-node KRaft broker run by this driver from SOURCE_START (storage formatted by ConsumersIT). */
function kafka() {
  const { Kafka, Partitioners, logLevel } = kafkajs;
  const client = new Kafka({
    clientId: 'pulsegate-it',
    brokers: [`127.0.0.1:${process.env.SOURCE_PORT}`],
    logLevel: logLevel.NOTHING, // it logs every refused connection while the broker is down
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const admin = client.admin();
  let broker;

  /** Starts the broker and resolves once it stores a record (topic pulsegate-probe). */
  async function launch() {
    broker = server(argv('SOURCE_START'), process.env.SOURCE_LOG);
    await serving(broker, 'broker', async () => {
      await producer.connect();
      await producer.send({ topic: 'pulsegate-probe', messages: [{ value: 'probe' }] });
      return true;
    }, 60_000, 'kafka storing a record');
  }

  const kill = () => killServer(broker, 'kafka broker');

  return {
    async open() {
      await launch();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'events' }, { topic: 'events.parked' }], waitForLeaders: true });
    },
    /** One batch to the single partition of `events`: stored in this order. */
    async produce(records) {
      await producer.send({ topic: 'events', messages: records.map((r) => ({ value: JSON.stringify(r) })) });
    },
    /** The records of `events.parked`: the sum of its partitions' high watermarks. */
    async parked() {
      const offsets = await admin.fetchTopicOffsets('events.parked');
      return offsets.reduce((sum, p) => sum + Number(p.high), 0);
    },
    /** Kills the broker (-9) and starts it again on the same ports and data, as after a crash. */
    async restart() {
      await kill();
      await launch();
    },
    async close() {
      await withTimeout(Promise.allSettled([producer.disconnect(), admin.disconnect()]), 5_000, 'kafkajs disconnect')
        .catch(() => { /* the broker is killed anyway */ });
      await kill();
    },
  };
}

/**
 * A nats-server -js run by this driver from SOURCE_START (store on disk, so it survives a kill -9). The suite's
 * application owns the stream: `open` creates EVENTS on subject `events`; the gateway parks to EVENTS_parked.
 */
function nats() {
  const servers = `127.0.0.1:${process.env.SOURCE_PORT}`;
  let proc;
  let nc;

  async function launch() {
    proc = server(argv('SOURCE_START'), process.env.SOURCE_LOG);
    await serving(proc, 'nats-server', async () => {
      const c = await natsConnect({ servers, timeout: 1000, reconnect: false });
      try {
        await (await c.jetstreamManager()).getAccountInfo(); // JetStream is up, not just the port
      } catch (e) {
        await c.close();
        throw e;
      }
      nc = c;
      return true;
    }, 20_000, 'nats-server answering JetStream');
  }

  async function kill() {
    await nc?.close().catch(() => {});
    await killServer(proc, 'nats-server');
  }

  return {
    async open() {
      await launch();
      await (await nc.jetstreamManager()).streams.add({ name: 'EVENTS', subjects: ['events'] });
    },
    /** In order: each publish waits for the stream's acknowledgement. */
    async produce(records) {
      const js = nc.jetstream();
      for (const r of records) await js.publish('events', new TextEncoder().encode(JSON.stringify(r)));
    },
    async parked() {
      try {
        return (await (await nc.jetstreamManager()).streams.info('EVENTS_parked')).state.messages;
      } catch (e) {
        if (/stream not found/i.test(e.message)) return 0;
        throw e;
      }
    },
    /** Kills the server (-9) and starts it again on the same port and store, as after a crash. */
    async restart() {
      await kill();
      await launch();
    },
    close: kill,
  };
}

const kinds = { 'redis-stream': redisStream, postgresql, kafka, nats };

/** @returns the driver of the source kind the suite runs against */
export function source(kind) {
  const make = kinds[kind];
  if (!make) throw new Error(`unknown SOURCE ${kind}`);
  return make();
}
