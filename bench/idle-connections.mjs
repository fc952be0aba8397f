// Opens N WebSocket connections to Pulsegate, sends connect + one subscribe on each, and holds them idle until
// stdin closes or HOLD_SECONDS pass. Bounded: N <= 20000, 127.0.0.1 only.
// usage: node idle-connections.mjs <port> <n> <deflate:true|false> <token>
import WebSocket from 'ws';

const [port, nArg, deflateArg, token] = process.argv.slice(2);
const n = Math.min(Number(nArg), 20000);
const deflate = deflateArg === 'true';
const holdMs = Number(process.env.HOLD_SECONDS || 120) * 1000;
const sockets = [];
let ready = 0;

function open(i) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/connection/websocket`, { perMessageDeflate: deflate });
    ws.on('open', () => {
      ws.send(`{"id":1,"connect":{"token":"${token}"}}\n{"id":2,"subscribe":{"channel":"idle${i % 100}"}}`);
    });
    ws.on('message', (data) => {
      if (data.toString().includes('"id":2')) {
        ready++;
        resolve();
      } else if (data.toString() === '{}') {
        ws.send('{}');
      }
    });
    ws.on('error', reject);
    sockets.push(ws);
  });
}

const started = Date.now();
for (let i = 0; i < n; i += 100) {
  const batch = [];
  for (let j = i; j < Math.min(n, i + 100); j++) batch.push(open(j));
  await Promise.all(batch);
}
console.log(`READY ${ready} connections in ${Date.now() - started} ms (deflate=${deflate})`);
setTimeout(() => process.exit(0), holdMs);
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
