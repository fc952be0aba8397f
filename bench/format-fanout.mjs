// Fan-out cost by wire format: opens N subscriber connections of one format (json | protobuf) on one channel, then
// publishes P publications from a separate JSON connection (pipelined: at most WINDOW unacknowledged, default 64;
// WINDOW=1 paces them so most deliveries travel alone in a frame) and waits until every subscriber got
// every publication. Reports the gateway's CPU time for the publish loop (utime+stime from /proc/<pid>/stat), CPU per
// delivery, and the sizes of the delivered protocol items and WebSocket frames. Bounded: N <= 2000, P <= 100000,
// 127.0.0.1 only, 120 s timeout.
// usage: node fanout.mjs <port> <gateway-pid> <format> <n> <p> <token>
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

const [port, pid, format, nArg, pArg, token] = process.argv.slice(2);
const n = Math.min(Number(nArg), 2000);
const p = Math.min(Number(pArg), 100000);
const window = Math.max(1, Number(process.env.WINDOW || 64));
const url = `ws://127.0.0.1:${port}/connection/websocket`;
const channel = `fanout-${Date.now()}-${format[0]}`; // same length for both formats
const payload = JSON.stringify({ user: 'alice', text: 'The quick brown fox jumps over the lazy dog', seq: 0, ts: 0 });
const TICKS_PER_SECOND = 100; // CLK_TCK on Linux

setTimeout(() => {
  console.error('timeout');
  process.exit(2);
}, 120_000).unref();

/** Gateway CPU seconds (user + system). */
function cpuSeconds() {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime (fields 14, 15)
}

// ---- minimal Protobuf writer for the two commands a subscriber sends ----
function varint(value) {
  const out = [];
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  out.push(value);
  return out;
}
const field = (number, bytes) => [...varint((number << 3) | 2), ...varint(bytes.length), ...bytes];
const delimited = (bytes) => [...varint(bytes.length), ...bytes];
const utf8 = (s) => [...Buffer.from(s, 'utf8')];
const pbHandshake = Buffer.from([
  ...delimited([0x08, 1, ...field(4, field(1, utf8(token)))]), // Command{id:1, connect{token}}
  ...delimited([0x08, 2, ...field(5, field(1, utf8(channel)))]), // Command{id:2, subscribe{channel}}
]);

/** Splits a Protobuf frame into its length-delimited items; returns their lengths (prefix included) and first bytes. */
function pbItems(buf) {
  const items = [];
  let pos = 0;
  while (pos < buf.length) {
    let len = 0;
    let shift = 0;
    const start = pos;
    for (;;) {
      const b = buf[pos++];
      len |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    items.push({ size: pos - start + len, first: len === 0 ? -1 : buf[pos] });
    pos += len;
  }
  return items;
}

const stats = { deliveries: 0, itemBytes: 0, frames: 0, frameBytes: 0 };
let onDelivery = () => {};

function subscriber() {
  return new Promise((resolve, reject) => {
    const protobuf = format === 'protobuf';
    const ws = new WebSocket(url, protobuf ? 'centrifuge-protobuf' : undefined, { perMessageDeflate: false });
    let subscribed = false;
    ws.on('open', () => {
      ws.send(protobuf ? pbHandshake
        : `{"id":1,"connect":{"token":"${token}"}}\n{"id":2,"subscribe":{"channel":"${channel}"}}`);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary !== protobuf) {
        reject(new Error(`${format} connection got a ${isBinary ? 'binary' : 'text'} frame`));
        return;
      }
      let pubs = 0;
      let itemBytes = 0;
      if (protobuf) {
        for (const item of pbItems(data)) {
          if (item.first === 0x22) { // Reply.push (field 4) first: a push without id
            pubs++;
            itemBytes += item.size;
          } else if (item.first === -1) {
            ws.send(Buffer.from([0])); // ping → pong
          } else if (item.first === 0x08 && !subscribed) {
            subscribed = true;
          }
        }
      } else {
        for (const item of data.toString().split('\n')) {
          if (item.startsWith('{"push"')) {
            pubs++;
            itemBytes += Buffer.byteLength(item);
          } else if (item === '{}') {
            ws.send('{}');
          } else if (item.includes('"id":2')) {
            subscribed = true;
          }
        }
      }
      if (pubs > 0) {
        stats.deliveries += pubs;
        stats.itemBytes += itemBytes;
        stats.frames++;
        stats.frameBytes += data.length;
        onDelivery();
      }
      if (subscribed) resolve(ws);
    });
    ws.on('error', reject);
  });
}

const subscribers = [];
for (let i = 0; i < n; i += 50) {
  const batch = [];
  for (let j = i; j < Math.min(n, i + 50); j++) batch.push(subscriber());
  subscribers.push(...(await Promise.all(batch)));
}

// publisher: a JSON connection that is not subscribed
const publisher = new WebSocket(url, { perMessageDeflate: false });
await new Promise((resolve) => publisher.on('open', resolve));
publisher.send(`{"id":1,"connect":{"token":"${token}"}}`);
await new Promise((resolve) => publisher.once('message', resolve));
let acked = 0;
publisher.on('message', (data) => {
  for (const item of data.toString().split('\n')) {
    if (item.includes('"error"')) {
      console.error(`publish failed: ${item}`);
      process.exit(1);
    }
    if (item.includes('"publish"')) acked++;
  }
  pump();
});
let sent = 0;
function pump() {
  while (sent < p && sent - acked < window) {
    sent++;
    const data = payload.replace('"seq":0', `"seq":${sent}`).replace('"ts":0', `"ts":${Date.now()}`);
    publisher.send(`{"id":${sent + 1},"publish":{"channel":"${channel}","data":${data}}}`);
  }
}

const expected = n * p;
const cpu0 = cpuSeconds();
const t0 = Date.now();
const done = new Promise((resolve) => {
  onDelivery = () => stats.deliveries >= expected && resolve();
});
pump();
await done;
const cpu = cpuSeconds() - cpu0;
const wall = (Date.now() - t0) / 1000;
console.log(JSON.stringify({
  format, subscribers: n, publications: p, window, deliveries: stats.deliveries, wall_s: wall, gateway_cpu_s: cpu,
  cpu_us_per_delivery: Number((cpu * 1e6 / stats.deliveries).toFixed(3)),
  avg_item_bytes: Number((stats.itemBytes / stats.deliveries).toFixed(1)),
  avg_frame_bytes: Number((stats.frameBytes / stats.frames).toFixed(1)),
  deliveries_per_frame: Number((stats.deliveries / stats.frames).toFixed(2)),
}));
for (const ws of subscribers) ws.terminate();
publisher.terminate();
process.exit(0);
