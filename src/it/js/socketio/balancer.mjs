// A round-robin HTTP and WebSocket balancer for the Socket.IO multi-node suite: every request and every upgrade goes
// to the next backend in turn (no affinity), skipping backends that refuse connections, and is counted per backend.
import http from 'node:http';
import net from 'node:net';

export async function roundRobin(backends) {
  const counts = backends.map(() => 0);
  const upgrades = backends.map(() => 0);
  let next = 0;
  const pick = () => {
    const i = next;
    next = (next + 1) % backends.length;
    return i;
  };
  /** Connects to the next backend that accepts, trying each once. */
  const connect = (tries = backends.length) => new Promise((resolve, reject) => {
    const i = pick();
    const url = new URL(backends[i]);
    const socket = net.connect(Number(url.port), url.hostname);
    socket.once('connect', () => resolve({ socket, i }));
    socket.once('error', (err) => (tries > 1 ? connect(tries - 1).then(resolve, reject) : reject(err)));
  });
  const server = http.createServer(async (req, res) => {
    let target;
    try {
      target = await connect();
    } catch {
      res.writeHead(502).end();
      return;
    }
    counts[target.i]++;
    target.socket.destroy(); // it proved the backend alive; the request opens its own connection
    const backend = new URL(backends[target.i]);
    const upstream = http.request({
      host: backend.hostname, port: backend.port, path: req.url, method: req.method, headers: req.headers,
      agent: false,
    }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('upgrade', async (req, client, head) => {
    let target;
    try {
      target = await connect();
    } catch {
      client.destroy();
      return;
    }
    upgrades[target.i]++;
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    target.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    target.socket.write(head);
    target.socket.pipe(client).pipe(target.socket);
    const end = () => { client.destroy(); target.socket.destroy(); };
    target.socket.on('error', end).on('close', end);
    client.on('error', end).on('close', end);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url, counts, upgrades,
    close: () => { server.closeAllConnections(); server.close(); },
  };
}
