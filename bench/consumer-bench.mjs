// Event-stream source benchmark. N raw WebSocket subscribers on one channel of one gateway; M records produced into
// a source (api: POST /api/publish; redis-stream: XADD over RESP; nats: PUB to a JetStream-captured subject;
// postgresql: INSERTs into the outbox through one psql session, each its own transaction; kafka: kafkajs batches of
// at most 100 records or 1 ms, acks=1, at most 8 in flight) at a bounded rate, or as fast as the producer goes
// (rate 0: a backlog the consumer drains). Each record carries its production time; reports delivered records,
// records/s from the first production to the last delivery, and the end-to-end latency p50/p99 (production ->
// subscriber). The shell (consumers.sh) measures the gateway's CPU.
// Bounded: N <= 1000, M <= 100000, 120 s. 127.0.0.1 only.
//   node consumer-bench.mjs <source> <ws> <api> <key> <token> <N> <M> <rate> <source-port> <channel>
import net from 'node:net';
import { spawn } from 'node:child_process';
import kafkajs from 'kafkajs';
import WebSocket from 'ws';

const [source, wsUrl, apiUrl, apiKey, token, nArg, mArg, rateArg, sourcePort, channel] = process.argv.slice(2);
const n = Math.min(Number(nArg), 1000);
const m = Math.min(Number(mArg), 100_000);
const rate = Number(rateArg);
setTimeout(() => { console.log('TIMEOUT'); process.exit(2); }, 120_000);

const latencies = [];
let delivered = 0;
let lastDelivery = 0;

function subscriber(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    let subscribed = false;
    ws.on('open', () => ws.send(`{"id":1,"connect":{"token":"${token}"}}\n{"id":2,"subscribe":{"channel":"${channel}"}}`));
    ws.on('message', (raw) => {
      const text = raw.toString();
      if (!subscribed) {
        if (text.includes('"subscribe":{')) { subscribed = true; resolve(); }
        return;
      }
      if (text === '{}') { ws.send('{}'); return; }
      const now = Date.now();
      for (const line of text.split('\n')) {
        const t = /"t": ?(\d+)/.exec(line); // jsonb (the outbox) prints a space after the colon
        if (!t) continue;
        delivered++;
        lastDelivery = now;
        if (i === 0) latencies.push(now - Number(t[1]));
      }
    });
    ws.on('error', reject);
  });
}

/** A TCP line protocol client that writes without waiting (RESP or NATS), answering NATS PINGs. */
function socket(port, onData) {
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), '127.0.0.1', () => resolve(s));
    s.on('data', (d) => onData(s, d));
    s.on('error', reject);
  });
}

async function producer() {
  if (source === 'api') {
    return async (body) => {
      const res = await fetch(`${apiUrl}/api/publish`, { method: 'POST', headers: { 'X-API-Key': apiKey }, body });
      if (res.status !== 200) throw new Error(`publish ${res.status}`);
    };
  }
  if (source === 'redis-stream') {
    const s = await socket(sourcePort, () => {});
    const bulk = (x) => `$${Buffer.byteLength(x)}\r\n${x}\r\n`;
    return (body) => {
      const envelope = JSON.stringify({ method: 'publish', payload: JSON.parse(body) });
      s.write(`*5\r\n${bulk('XADD')}${bulk('events')}${bulk('*')}${bulk('payload')}${bulk(envelope)}`);
    };
  }
  if (source === 'nats') {
    const s = await socket(sourcePort, (c, d) => { if (d.toString().includes('PING')) c.write('PONG\r\n'); });
    s.write('CONNECT {"verbose":false,"pedantic":false}\r\n');
    return (body) => {
      const envelope = JSON.stringify({ method: 'publish', payload: JSON.parse(body) });
      s.write(`PUB events.bench ${Buffer.byteLength(envelope)}\r\n${envelope}\r\n`);
    };
  }
  if (source === 'postgresql') {
    const psql = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', sourcePort, '-U',
      'postgres', '-d', 'postgres'], { stdio: ['pipe', 'ignore', 'inherit'] });
    return async (body) => {
      const line = `INSERT INTO events (method, payload) VALUES ('publish', $j$${body}$j$);\n`;
      if (!psql.stdin.write(line)) await new Promise((r) => psql.stdin.once('drain', r));
    };
  }
  if (source === 'kafka') {
    const producer = kafkaClient().producer();
    await producer.connect();
    let batch = [];
    let timer = null;
    const inflight = new Set();
    const flush = () => {
      clearTimeout(timer);
      timer = null;
      const sent = producer.send({ topic: 'events', acks: 1, messages: batch }).finally(() => inflight.delete(sent));
      batch = [];
      inflight.add(sent);
      return inflight.size >= 8 ? Promise.race(inflight) : undefined; // at most 8 batches in flight
    };
    return (body) => {
      batch.push({ value: JSON.stringify({ method: 'publish', payload: JSON.parse(body) }) });
      if (batch.length >= 100) return flush();
      timer ??= setTimeout(flush, 1);
      return undefined;
    };
  }
  throw new Error(`unknown source ${source}`);
}

function kafkaClient() {
  const { Kafka, logLevel } = kafkajs;
  return new Kafka({ clientId: 'pulsegate-bench', brokers: [`127.0.0.1:${sourcePort}`], logLevel: logLevel.NOTHING });
}

if (source === 'kafka-setup') { // waits for the broker (60 s at most) and creates the topic events, one partition
  const deadline = Date.now() + 60_000;
  for (;;) {
    const admin = kafkaClient().admin();
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'events', numPartitions: 1 }], waitForLeaders: true });
      await admin.disconnect();
      console.log('topic events ready');
      process.exit(0);
    } catch (e) {
      await admin.disconnect().catch(() => {});
      if (Date.now() > deadline) { console.log(`kafka not ready: ${e.message}`); process.exit(1); }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

if (source === 'nats-setup') { // creates the memory stream EVENTS on events.> through the JetStream API
  const s = await socket(sourcePort, (c, d) => {
    const text = d.toString();
    if (text.includes('PING')) c.write('PONG\r\n');
    if (text.includes('MSG _INBOX.bench')) { console.log(text.includes('"error"') && !text.includes('already in use')
      ? `stream create failed: ${text}` : 'stream EVENTS ready'); process.exit(0); }
  });
  const config = JSON.stringify({ name: 'EVENTS', subjects: ['events.>'], storage: 'memory' });
  s.write(`CONNECT {"verbose":false}\r\nSUB _INBOX.bench 1\r\n`
    + `PUB $JS.API.STREAM.CREATE.EVENTS _INBOX.bench ${config.length}\r\n${config}\r\n`);
  await new Promise(() => {});
}

for (let i = 0; i < n; i += 100) {
  await Promise.all(Array.from({ length: Math.min(100, n - i) }, (_, k) => subscriber(i + k)));
}
const produce = await producer();
const start = Date.now();
for (let k = 0; k < m; k++) {
  if (rate > 0) {
    const due = start + (k * 1000) / rate;
    while (Date.now() < due) await new Promise((r) => setTimeout(r, 1));
  }
  await produce(JSON.stringify({ channel, data: { k, t: Date.now(), note: 'x'.repeat(60) } }));
}
const expected = n * m;
const deadline = Date.now() + 60_000;
while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? -1;
console.log(`source=${source} n=${n} m=${m} rate=${rate} delivered=${delivered} expected=${expected}`
  + ` records_per_s=${Math.round((m * 1000) / Math.max(1, lastDelivery - start))}`
  + ` p50_ms=${pct(0.5)} p99_ms=${pct(0.99)}`);
process.exit(delivered === expected ? 0 : 1);
