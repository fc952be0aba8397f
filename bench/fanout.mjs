// Fan-out benchmark: N subscribers split over the given WebSocket URLs subscribe one channel; M publications are
// posted through the server API of the first node at a bounded rate; each subscriber measures publish-to-receive
// latency (same machine clock). Bounded: N <= 5000, M <= 2000, 120 s overall. 127.0.0.1 only.
// usage: node fanout.mjs <ws-url,ws-url,...> <api-url> <api-key> <token> <subscribers> <publications> <rate/s>
import WebSocket from 'ws';

const [urls, apiUrl, apiKey, token, nArg, mArg, rateArg] = process.argv.slice(2);
const targets = urls.split(',');
const n = Math.min(Number(nArg), 5000);
const m = Math.min(Number(mArg), 2000);
const rate = Number(rateArg);
const channel = 'bench:fanout';
const latencies = [];
let received = 0;
setTimeout(() => { console.log('TIMEOUT'); process.exit(2); }, 120_000);

function subscriber(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(targets[i % targets.length], { perMessageDeflate: false });
    ws.on('open', () => ws.send(`{"id":1,"connect":{"token":"${token}"}}\n{"id":2,"subscribe":{"channel":"${channel}"}}`));
    ws.on('message', (raw) => {
      const now = performance.timeOrigin + performance.now();
      for (const line of raw.toString().split('\n')) {
        if (line === '{}') { ws.send('{}'); continue; }
        if (line.includes('"id":2')) { resolve(); continue; }
        const at = line.indexOf('"t":');
        if (at > 0) { latencies.push(now - parseFloat(line.slice(at + 4))); received++; }
      }
    });
    ws.on('error', reject);
  });
}

for (let i = 0; i < n; i += 100) {
  const batch = [];
  for (let j = i; j < Math.min(n, i + 100); j++) batch.push(subscriber(j));
  await Promise.all(batch);
}
const start = performance.now();
for (let k = 0; k < m; k++) {
  const due = start + (k * 1000) / rate;
  while (performance.now() < due) await new Promise((r) => setTimeout(r, 1));
  const t = performance.timeOrigin + performance.now();
  const res = await fetch(`${apiUrl}/api/publish`, { method: 'POST', headers: { 'X-API-Key': apiKey },
    body: JSON.stringify({ channel, data: { t } }) });
  if (res.status !== 200) { console.log('publish failed', res.status); process.exit(1); }
}
const expected = n * m;
while (received < expected && performance.now() - start < 60_000) await new Promise((r) => setTimeout(r, 20));
const seconds = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2);
console.log(`RESULT subscribers=${n} nodes=${targets.length} publications=${m} delivered=${received}/${expected} ` +
  `throughput=${Math.round(received / seconds)}/s p50=${q(0.5)}ms p99=${q(0.99)}ms max=${q(1 - 1e-9)}ms`);
process.exit(0);
