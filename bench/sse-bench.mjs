// SSE measurements against a running gateway (see sse.sh):
//   node sse-bench.mjs idle <port> <n> <gzip> <secret>   opens n idle uni_sse streams, prints "ready", holds them
//   node sse-bench.mjs latency <port> <gzip> <secret> <apiKey>   one stream, 300 realistic publications through
//     /api/publish every 20 ms; prints latency p50/p99/max (publish sent → event decoded) and wire vs decoded bytes
import http from 'node:http';
import zlib from 'node:zlib';
import { createHmac } from 'node:crypto';

const [mode, port, ...rest] = process.argv.slice(2);
const b64 = (v) => Buffer.from(v).toString('base64url');
function token(secret, sub, channels) {
  const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64(JSON.stringify({ sub, channels, iat: Math.floor(Date.now() / 1000) }));
  return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
}
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/** Opens one uni_sse stream; calls onEvent(data) per decoded event; tracks wire and decoded bytes. */
function open(secret, gzip, channel, onEvent, stats = { wire: 0, decoded: 0 }) {
  return new Promise((resolve, reject) => {
    const q = encodeURIComponent(JSON.stringify({ token: token(secret, `u${Math.random()}`, [channel]) }));
    const req = http.get({ host: '127.0.0.1', port, agent, path: `/connection/uni_sse?cf_connect=${q}`,
      headers: gzip ? { 'Accept-Encoding': 'gzip' } : {} }, (res) => {
      if (res.statusCode !== 200) { reject(new Error(`HTTP ${res.statusCode}`)); return; }
      res.on('data', (c) => { stats.wire += c.length; });
      const body = res.headers['content-encoding'] === 'gzip'
        ? res.pipe(zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH })) : res;
      let buf = '';
      body.on('data', (chunk) => {
        stats.decoded += chunk.length;
        buf += chunk.toString();
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const data = buf.slice(0, i).split('\n').find((l) => l.startsWith('data: '));
          buf = buf.slice(i + 2);
          if (data) {
            const value = data.slice(6);
            if (value.startsWith('{"connect"')) resolve(req);
            onEvent(value);
          }
        }
      });
    });
    req.on('error', reject);
  });
}

if (mode === 'idle') {
  const [n, gzip, secret] = rest;
  for (let i = 0; i < Number(n); i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, Number(n) - i) }, (_, j) =>
      open(secret, gzip === 'true', `feed${(i + j) % 100}`, () => {})));
  }
  console.log('ready');
  setTimeout(() => process.exit(0), Number(process.env.HOLD_SECONDS || 300) * 1000);
} else {
  const [gzip, secret, apiKey] = rest;
  const latencies = [];
  const stats = { wire: 0, decoded: 0 };
  await open(secret, gzip === 'true', 'ticker', (data) => {
    const m = /"sentAt":(\d+\.?\d*)/.exec(data);
    if (m) latencies.push(performance.timeOrigin + performance.now() - Number(m[1]));
  }, stats);
  const base = { decoded: stats.decoded, wire: stats.wire };
  const symbols = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA', 'META', 'TSLA', 'ORCL'];
  for (let seq = 0; seq < 300; seq++) {
    const s = symbols[seq % symbols.length];
    const data = { type: 'quote', symbol: s, exchange: 'NASDAQ', currency: 'USD', seq,
      bid: +(100 + Math.random() * 50).toFixed(2), ask: +(150 + Math.random() * 50).toFixed(2),
      volume: Math.floor(Math.random() * 1e6), status: 'open', source: 'pulsegate-bench',
      sentAt: performance.timeOrigin + performance.now() };
    await fetch(`http://127.0.0.1:${port}/api/publish`, { method: 'POST',
      headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel: 'ticker', data }) });
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 500));
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2);
  const wire = stats.wire - base.wire;
  const decoded = stats.decoded - base.decoded;
  console.log(`gzip=${gzip} events=${latencies.length} latency_ms p50=${pct(0.5)} p99=${pct(0.99)} max=${pct(1)} `
    + `wire_bytes=${wire} decoded_bytes=${decoded} ratio=${(decoded / wire).toFixed(2)}`);
  process.exit(0);
}
