// Load for bench/proxy.sh: connect through the connect proxy vs with a JWT, and RPC round trips through the gateway
// vs straight to the backend. Raw JSON protocol over `ws`, bounded in count and time.
//
//   node proxy-bench.mjs <mode> <gatewayPort> <backendPort> <count> <concurrency> <token>
//   mode: connect-jwt | connect-proxy | rpc-gateway | rpc-direct
// Prints one line: mode=… n=… seconds=… per_second=… p50_ms=… p99_ms=…
import http from 'node:http';
import WebSocket from 'ws';

const [mode, gatewayPort, backendPort, count, concurrency, token] = process.argv.slice(2);
const N = Number(count);
const C = Number(concurrency);
const DEADLINE = Date.now() + 120_000;
const URL = `ws://127.0.0.1:${gatewayPort}/connection/websocket`;
const latencies = [];

function open(headers) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(URL, { headers, perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one command and resolves with the reply of that id. */
function command(ws, id, body) {
  return new Promise((resolve, reject) => {
    const onMessage = (data) => {
      for (const line of data.toString().split('\n')) {
        const reply = JSON.parse(line);
        if (reply.id === id) {
          ws.off('message', onMessage);
          return reply.error ? reject(new Error(JSON.stringify(reply.error))) : resolve(reply);
        }
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, ...body }));
  });
}

async function connectOnce(i) {
  const started = process.hrtime.bigint();
  const viaProxy = mode === 'connect-proxy';
  const ws = await open(viaProxy ? { Cookie: 'session=secret-alice' } : {});
  await command(ws, 1, { connect: viaProxy ? {} : { token } });
  latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  ws.close();
}

function directRpc(agent, i) {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ client: 'bench', transport: 'websocket', protocol: 'json', encoding: 'json',
      user: 'alice', method: 'echo', data: { i } });
    const started = process.hrtime.bigint();
    const req = http.request({ host: '127.0.0.1', port: backendPort, path: '/centrifugo/rpc', method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        resolve();
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function worker(w, sockets, agent) {
  let id = 1;
  for (let i = w; i < N && Date.now() < DEADLINE; i += C) {
    if (mode.startsWith('connect')) {
      await connectOnce(i);
    } else if (mode === 'rpc-direct') {
      await directRpc(agent, i);
    } else {
      const started = process.hrtime.bigint();
      await command(sockets[w], ++id, { rpc: { method: 'echo', data: { i } } });
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
}

const sockets = [];
if (mode === 'rpc-gateway') {
  for (let w = 0; w < C; w++) {
    const ws = await open({ Cookie: 'session=secret-alice' });
    await command(ws, 1, { connect: {} });
    sockets.push(ws);
  }
}
const agent = new http.Agent({ keepAlive: true, maxSockets: C });
const started = Date.now();
await Promise.all(Array.from({ length: C }, (_, w) => worker(w, sockets, agent)));
const seconds = (Date.now() - started) / 1000;
sockets.forEach((ws) => ws.close());
agent.destroy();
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2);
console.log(`mode=${mode} n=${latencies.length} seconds=${seconds.toFixed(2)} per_second=${(latencies.length / seconds)
  .toFixed(0)} p50_ms=${pct(0.5)} p99_ms=${pct(0.99)}`);
process.exit(0);
