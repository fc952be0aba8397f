// Records of a source become publications (ConsumersIT runs this suite once per source: SOURCE=redis-stream,
// postgresql, kafka or nats; see sources.mjs): order, a poison record (counted and parked), a kill -9 of the gateway
// mid-stream (every record at least once; with idempotency keys exactly once), a restart of the source. This suite
// owns the gateway process: it starts it from GATEWAY_COMMAND, kills and restarts it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import {
  HTTP_URL, closeAll, connectedClient, record, subscribe, uniq, withTimeout,
} from '../support.mjs';
import { source } from './sources.mjs';

const command = process.env.GATEWAY_COMMAND.split('\u001f');
const { open, produce, parked, restart, close } = source(process.env.SOURCE);
let gateway;

// The test runner ends a file that runs out of time with SIGTERM: exit instead, so that the 'exit' handlers (here and
// in sources.mjs) kill the processes this suite started rather than leaving them running.
process.once('SIGTERM', () => process.exit(143));
process.on('exit', () => gateway?.kill('SIGKILL'));

async function startGateway() {
  // all output to the log: a child holding the runner's stderr would keep it waiting after this process ended
  const log = openSync(process.env.GATEWAY_LOG, 'a');
  gateway = spawn(command[0], command.slice(1), { stdio: ['ignore', log, log] });
  closeSync(log);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${HTTP_URL}/q/health/ready`)).status === 200) return;
    } catch { /* not listening yet */ }
    if (gateway.exitCode !== null) throw new Error(`gateway exited ${gateway.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('gateway not ready');
}

function killGateway() {
  const exited = new Promise((resolve) => gateway.once('exit', resolve));
  gateway.kill('SIGKILL');
  return withTimeout(exited, 10_000, 'gateway exit');
}

const envelope = (channel, n, key) => ({
  method: 'publish', payload: { channel, data: { n }, ...(key ? { idempotency_key: key } : {}) },
});

async function metric(name) {
  const text = await (await fetch(`${HTTP_URL}/q/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
}

before(async () => {
  await open();
  await startGateway();
});
after(async () => {
  closeAll();
  if (gateway && gateway.exitCode === null) await killGateway();
  await close();
});

test('records become publications in order', async () => {
  const channel = `orders:${uniq('order')}`;
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel);
  await subscribe(sub);
  const pubs = record(sub, 'publication');
  await produce(Array.from({ length: 30 }, (_, n) => envelope(channel, n)));
  const seen = await pubs.waitFor(30, 10_000);
  const byOffset = [...seen].sort((a, b) => a.offset - b.offset);
  assert.deepEqual(byOffset.map((p) => p.data.n), Array.from({ length: 30 }, (_, n) => n));
});

test('a poison record is counted and parked; the records after it arrive', async () => {
  const channel = `orders:${uniq('poison')}`;
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel);
  await subscribe(sub);
  const pubs = record(sub, 'publication');
  const before = await metric('pulsegate_consumer_records_total{consumer="events",outcome="malformed"');
  await produce([envelope(channel, 1), { method: 'nonsense', payload: {} }, envelope('nowhere:x', 0),
    envelope(channel, 2)]);
  const seen = await pubs.waitFor(2, 10_000);
  assert.deepEqual(seen.map((p) => p.data.n), [1, 2]);
  assert.equal(await metric('pulsegate_consumer_records_total{consumer="events",outcome="malformed"') - before, 2);
  // a transactional source (the outbox) shows the parked rows once the batch commits, just after the publications
  const deadline = Date.now() + 5_000;
  let count = await parked();
  while (count < 2 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    count = await parked();
  }
  assert.equal(count, 2, 'parked records');
});

async function crashMidStream(keys) {
  const channel = `orders:${uniq(keys ? 'exactly' : 'atleast')}`;
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel);
  await subscribe(sub);
  const pubs = record(sub, 'publication');
  const total = 200;
  await produce(Array.from({ length: total / 2 }, (_, n) => envelope(channel, n, keys && `k-${n}`)));
  await pubs.waitFor(10, 10_000); // the gateway is consuming
  await killGateway();
  await produce(Array.from({ length: total / 2 },
    (_, i) => envelope(channel, total / 2 + i, keys && `k-${total / 2 + i}`)));
  await startGateway();
  // the SDK reconnects and recovers from the engine's history what it missed while the gateway was down
  await withTimeout((async () => {
    while (new Set(pubs.seen.map((p) => p.data.n)).size < total) await new Promise((r) => setTimeout(r, 50));
  })(), 30_000, `all ${total} records (have ${new Set(pubs.seen.map((p) => p.data.n)).size})`);
  // in channel order: centrifuge-js may emit the messages of one frame out of order (docs/protocol-compatibility.md)
  return [...pubs.seen].sort((a, b) => a.offset - b.offset).map((p) => p.data.n);
}

test('kill -9 of the gateway mid-stream: every record is delivered at least once', async () => {
  const seen = await crashMidStream(false);
  assert.equal(new Set(seen).size, 200);
});

test('kill -9 mid-stream with idempotency keys: every record exactly once, in order', async () => {
  const seen = await crashMidStream(true);
  assert.deepEqual(seen, Array.from({ length: 200 }, (_, n) => n), 'each once, in record order by offset');
});

test('the source restarts: the consumer reconnects and goes on with new records', async () => {
  const channel = `orders:${uniq('restart')}`;
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel);
  await subscribe(sub);
  const pubs = record(sub, 'publication');
  // keys: a source that keeps its data (outbox, Kafka) may deliver record 1 again if the restart beat its
  // acknowledgement, which is allowed (at least once) but must not show as a second publication
  await produce([envelope(channel, 1, 'r-1')]);
  await pubs.waitFor(1, 10_000);
  await restart();
  await produce([envelope(channel, 2, 'r-2'), envelope(channel, 3, 'r-3')]);
  const seen = await pubs.waitFor(3, 15_000);
  assert.deepEqual(seen.map((p) => p.data.n), [1, 2, 3]);
});
