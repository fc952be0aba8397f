// The comparison server of socketio.sh: a plain socket.io 4.8 server with the Redis adapter (as Socket.IO is scaled),
// rooms from the `room` query parameter, and POST /publish {room, data} emitting to the room. Started with
// --expose-gc so GET /heap answers the heap used after a full GC.
//   node --expose-gc socketio-reference.mjs <port> <redis url>   prints "ready"
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';

const [port, redisUrl] = [Number(process.argv[2]), process.argv[3]];
const pub = createClient({ url: redisUrl });
const sub = pub.duplicate();
await Promise.all([pub.connect(), sub.connect()]);
const http = createServer((req, res) => {
  if (req.url === '/heap') {
    global.gc();
    global.gc();
    res.end(String(process.memoryUsage().heapUsed));
    return;
  }
  if (req.method === 'POST' && req.url === '/publish') {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const { room, data } = JSON.parse(body);
      io.to(room).emit('message', data);
      res.end('ok');
    });
  }
});
const io = new Server(http, { adapter: createAdapter(pub, sub), transports: ['websocket'] });
io.on('connection', (socket) => socket.join(socket.handshake.query.room));
http.listen(port, '127.0.0.1', () => console.log('ready'));
