// Incremental-updates benchmark. N raw WebSocket subscribers (JSON, no permessage-deflate) on one gateway; M
// publications posted through the server API at a bounded rate; reports wire bytes and frames received per delivered
// publication. The shell around it (updates.sh) measures the gateway's CPU. Bounded: N <= 5000, M <= 5000, 120 s.
// 127.0.0.1 only.
//   node updates-bench.mjs doc   <ws> <api> <key> <token> <N> <M> <rate> <delta:0|1>   ~2 KB document, small edits
//   node updates-bench.mjs batch <ws> <api> <key> <token> <N> <M> <rate> <namespace>  4 channels per subscriber
import WebSocket from 'ws';

const [mode, wsUrl, apiUrl, apiKey, token, nArg, mArg, rateArg, variant] = process.argv.slice(2);
const n = Math.min(Number(nArg), 5000);
const m = Math.min(Number(mArg), 5000);
const rate = Number(rateArg);
const run = Date.now().toString(36);
const channels = mode === 'doc'
  ? [`doc:feed-${run}`]
  : [0, 1, 2, 3].map((i) => `${variant}:feed-${run}-${i}`);
const subscribe = (ch, i) => JSON.stringify({ id: i + 2, subscribe: mode === 'doc' && variant === '1'
  ? { channel: ch, delta: 'fossil' }
  : { channel: ch } });
let bytes = 0;
let frames = 0;
let pubs = 0;
setTimeout(() => { console.log('TIMEOUT'); process.exit(2); }, 120_000);

function subscriber() {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    let subscribed = 0;
    ws.on('open', () => ws.send([`{"id":1,"connect":{"token":"${token}"}}`, ...channels.map(subscribe)].join('\n')));
    ws.on('message', (raw) => {
      const text = raw.toString();
      if (subscribed < channels.length) {
        subscribed += text.split('"subscribe":{').length - 1;
        if (subscribed >= channels.length) resolve();
        return;
      }
      if (text === '{}') { ws.send('{}'); return; }
      bytes += raw.length;
      frames++;
      pubs += text.split('"pub":{').length - 1;
    });
    ws.on('error', reject);
  });
}

/** A ~1.9 KB order book: each version changes one level's size and sometimes one price. */
function document(k) {
  const levels = Array.from({ length: 40 }, (_, i) => ({
    price: (100 + i * 0.25 + (i === k % 40 && k % 3 === 0 ? 0.01 : 0)).toFixed(2),
    size: 1000 + ((i * 7919 + (i === k % 40 ? k : 0)) % 5000),
    venue: ['XNAS', 'ARCX', 'BATS', 'EDGX'][i % 4],
  }));
  return { symbol: 'PLSG', seq: k, updated: 1796600000000 + k, levels };
}

for (let i = 0; i < n; i += 100) {
  await Promise.all(Array.from({ length: Math.min(100, n - i) }, subscriber));
}
const start = performance.now();
let payloadBytes = 0;
for (let k = 0; k < m; k++) {
  const due = start + (k * 1000) / rate;
  while (performance.now() < due) await new Promise((r) => setTimeout(r, 1));
  const data = mode === 'doc' ? document(k) : { k, t: Date.now(), note: 'x'.repeat(80) };
  const body = JSON.stringify({ channel: channels[k % channels.length], data });
  payloadBytes += JSON.stringify(data).length;
  const res = await fetch(`${apiUrl}/api/publish`, { method: 'POST', headers: { 'X-API-Key': apiKey }, body });
  if (res.status !== 200) { console.log('publish failed', res.status, await res.text()); process.exit(1); }
}
const expected = n * m;
const deadline = performance.now() + 30_000;
while (pubs < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
const seconds = (performance.now() - start) / 1000;
console.log(`mode=${mode} variant=${variant} n=${n} m=${m} delivered=${pubs} expected=${expected}`
  + ` payload_avg=${Math.round(payloadBytes / m)}B wire_bytes_per_delivery=${(bytes / Math.max(1, pubs)).toFixed(1)}`
  + ` frames_per_delivery=${(frames / Math.max(1, pubs)).toFixed(3)}`
  + ` deliveries_per_s=${Math.round(pubs / seconds)}`);
process.exit(pubs === expected ? 0 : 1);
