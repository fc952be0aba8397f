// Clients of socketio.sh against one server:
//   node socketio-bench.mjs <kind> <url> <n> <secret> [publish-url api-key messages rate]
// kind: socketio (socket.io-client over WebSocket, token auth with the channel in `channels`) | centrifugo (raw
// Centrifugo JSON over WebSocket, the channel as a server-side subscription) | reference (socket.io-client, room in
// the query). Opens n idle clients in channel "bench", prints "ready", waits for "go" on stdin; then publishes
// `messages` publications at `rate`/s and prints deliveries and the p50/p99 latency once all arrived (or 30 s),
// once per "go" (the first run warms the server up).
import { createHmac } from 'node:crypto';
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';
import WebSocket from 'ws';

const [kind, url, n, secret, publishUrl, apiKey, messages = '200', rate = '100'] = process.argv.slice(2);
const b64 = (v) => Buffer.from(v).toString('base64url');
const token = (sub) => {
  const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64(JSON.stringify({ sub, channels: ['bench'], exp: Math.floor(Date.now() / 1000) + 86400 }));
  return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
};
const latencies = [];
let deliveries = 0;
const onData = (data) => {
  deliveries++;
  latencies.push(Date.now() - data.sentAt);
};

function open(i) {
  if (kind === 'centrifugo') {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url.replace('http', 'ws')}/connection/websocket`);
      ws.on('open', () => ws.send(JSON.stringify({ id: 1, connect: { token: token(`c${i}`) } })));
      ws.on('message', (raw) => {
        for (const line of raw.toString().split('\n')) {
          if (line === '{}') { ws.send('{}'); continue; }
          const m = JSON.parse(line);
          if (m.id === 1) resolve();
          if (m.push?.pub) onData(m.push.pub.data);
        }
      });
      ws.on('error', reject);
    });
  }
  const socket = kind === 'reference'
    ? io(url, { transports: ['websocket'], query: { room: 'bench' }, reconnection: false })
    : io(url, { transports: ['websocket'], auth: { token: token(`s${i}`) }, reconnection: false });
  socket.on('message', onData);
  return new Promise((resolve, reject) => {
    socket.on('connect', resolve);
    socket.on('connect_error', reject);
  });
}

for (let i = 0; i < Number(n); i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, Number(n) - i) }, (_, j) => open(i + j)));
}
console.log('ready');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line !== 'go') continue;
  deliveries = 0;
  latencies.length = 0;
  const total = Number(messages) * Number(n);
  const interval = 1000 / Number(rate);
  const started = Date.now();
  for (let k = 0; k < Number(messages); k++) {
    const data = { sentAt: Date.now(), k, pad: 'x'.repeat(60) };
    const body = kind === 'reference' ? { room: 'bench', data } : { channel: 'bench', data };
    await fetch(publishUrl, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey }, body: JSON.stringify(body),
    });
    const wait = started + (k + 1) * interval - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const deadline = Date.now() + 30000;
  while (deliveries < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log(`deliveries=${deliveries}/${total} p50_ms=${q(0.5)} p99_ms=${q(0.99)}`);
}
