// Map snapshot benchmark: N raw JSON-protocol clients page through one map channel (state pages of PAGE keys, as
// centrifuge-js does) until live, opened CONCURRENCY at a time; then one change is fanned out to all of them.
// Prints the time and the gateway's CPU (from /proc/<pid>/stat) for the whole snapshot.
// usage: node map-snapshot.mjs <ws-url> <gateway-pid> <token> <channel> <clients> <page> <concurrency>
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

const [url, pid, token, channel, clients, page, concurrency] = process.argv.slice(2);
const N = Number(clients);
const TICK = 100; // clock ticks per second on Linux
const cpu = () => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / TICK;
};

function snapshot() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => reject(new Error('snapshot timed out')), 120_000);
    let id = 1;
    let keys = 0;
    const send = (m) => ws.send(JSON.stringify({ id: id++, ...m }));
    ws.on('open', () => send({ connect: { token } }));
    ws.on('message', (raw) => {
      for (const line of raw.toString().split('\n')) {
        const m = JSON.parse(line);
        if (m.connect) send({ subscribe: { channel, type: 1, phase: 2, limit: Number(page) } });
        if (m.error) reject(new Error(JSON.stringify(m.error)));
        const s = m.subscribe;
        if (!s) continue;
        keys += (s.state || []).length;
        if (!s.phase) {
          clearTimeout(timer);
          resolve({ ws, keys });
        } else {
          send({ subscribe: { channel, type: 1, phase: 2, limit: Number(page), cursor: s.cursor, offset: s.offset,
            epoch: s.epoch } });
        }
      }
    });
    ws.on('error', reject);
  });
}

const cpu0 = cpu();
const t0 = performance.now();
const done = [];
for (let i = 0; i < N; i += Number(concurrency)) {
  const batch = [];
  for (let j = i; j < Math.min(N, i + Number(concurrency)); j++) batch.push(snapshot());
  done.push(...(await Promise.all(batch)));
}
const ms = performance.now() - t0;
const used = cpu() - cpu0;
const keys = done.reduce((a, d) => a + d.keys, 0);
console.log(JSON.stringify({ clients: N, page: Number(page), keysPerClient: done[0].keys, allComplete:
  done.every((d) => d.keys === done[0].keys), seconds: +(ms / 1000).toFixed(2), gatewayCpuSeconds: +used.toFixed(2),
  gatewayCpuMicrosPerEntry: +((used * 1e6) / keys).toFixed(2) }));
done.forEach((d) => d.ws.close());
