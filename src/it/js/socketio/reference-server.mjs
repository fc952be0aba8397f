// A real socket.io 4.x server playing the gateway's part for the interop run of socketio.test.mjs
// (SocketIoReferenceIT): the same token (HS256, rooms from its `channels` claim), the same RPC answers as the proxy
// backend, and /api/publish and /api/disconnect with the gateway's request shapes. Connection state recovery on, with
// the gateway suite's heartbeat. If a test passes here and on the gateway, it pins Socket.IO behaviour, not ours.
//   node socketio/reference-server.mjs <port> <hmac secret> <ping interval ms>   prints "backend ready" once listening
import { createServer } from 'node:http';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Server } from 'socket.io';

const [port, secret, pingInterval] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4])];

function verify(token) {
  const [head, body, sig] = String(token ?? '').split('.');
  if (!sig) return null;
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
  return claims.exp && claims.exp * 1000 < Date.now() ? null : claims;
}

function answer(event, args, user) {
  const data = args.length === 0 ? null : args.length === 1 ? args[0] : args;
  switch (event) {
    case 'echo': return data;
    case 'whoami': return { user, transport: 'socketio' };
    case 'fail': return { error: { code: 1002, message: 'application error' } };
    case 'upload': {
      const file = Buffer.isBuffer(data) ? data : data?.file;
      return { bytes: file.length, base64: file.toString('base64') };
    }
    case 'message:send': return { accepted: true, text: data?.text ?? null, by: user };
    default: return { error: { code: 1404, message: 'unknown method' } };
  }
}

const http = createServer((req, res) => {
  if (req.method !== 'POST' || !req.url.startsWith('/api/')) return;
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const cmd = JSON.parse(body);
    if (req.url === '/api/publish') {
      for (const nsp of NAMESPACES) io.of(nsp).to(cmd.channel).emit(cmd.tags?.event || 'message', cmd.data);
    } else if (req.url === '/api/disconnect') {
      for (const [, socket] of io.of('/').sockets) {
        if (socket.data.user !== cmd.user) continue;
        if (cmd.disconnect.code >= 3500) socket.disconnect(true); else socket.conn.close();
      }
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"result":{}}');
  });
});
const io = new Server(http, {
  pingInterval, pingTimeout: 1000,
  connectionStateRecovery: { maxDisconnectionDuration: 60_000 },
});
/** The gateway suite's `pulsegate.socketio.namespaces`; any other is refused ("Invalid namespace"). */
const NAMESPACES = ['/', '/chat'];
const authenticate = (socket, next) => {
  const claims = verify(socket.handshake.auth?.token);
  if (!claims) {
    const err = new Error('invalid token');
    err.data = { code: 3500 };
    return next(err);
  }
  socket.data.user = claims.sub;
  socket.data.channels = claims.channels ?? [];
  return next();
};
/** The gateway's `say` publish event: into a room the socket is in, only where the channel namespace allows it. */
function say(socket, [room, data], ack) {
  if (typeof room !== 'string' || !room.startsWith('chat:') || !socket.rooms.has(room)) {
    ack?.({ error: { code: 103, message: 'permission denied' } });
    return;
  }
  for (const nsp of NAMESPACES) io.of(nsp).to(room).emit('say', data);
  ack?.({});
}
for (const nsp of NAMESPACES) {
  io.of(nsp).use(authenticate);
  io.of(nsp).on('connection', (socket) => {
    if (!socket.recovered) socket.join(socket.data.channels);
    socket.onAny((event, ...args) => {
      const ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
      if (event === 'say') say(socket, args, ack);
      else if (ack) ack(answer(event, args, socket.data.user));
    });
  });
}
http.listen(port, '127.0.0.1', () => console.log('backend ready'));
