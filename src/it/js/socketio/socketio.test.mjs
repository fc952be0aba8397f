// socket.io-client 4.x against the gateway's Socket.IO endpoint (Engine.IO v4 over WebSocket, ADR 0007), started by
// SocketIoIT with an RPC proxy to backend/proxy-backend.mjs. Rooms are the channels of the connection token.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import {
  HTTP_URL, api, connectionToken, jwt, nextEvent, nowSeconds, record, uniq, withTimeout, WAIT_MS,
} from '../support.mjs';
import { connected, until } from './common.mjs';

const PING_INTERVAL_MS = Number(process.env.PULSEGATE_PING_INTERVAL_MS);
/** The interop run against a real socket.io server (SocketIoReferenceIT) skips what only the gateway promises. */
const REFERENCE = process.env.PULSEGATE_TARGET === 'reference';
const gatewayOnly = { skip: REFERENCE && 'a Pulsegate behaviour, not Socket.IO protocol' };
const sockets = new Set();
afterEach(() => {
  for (const socket of sockets) {
    socket.disconnect();
  }
  sockets.clear();
});

/** A socket.io-client socket over WebSocket with short reconnect delays, not connected yet. */
function socketFor(auth, options = {}) {
  const socket = io(HTTP_URL, {
    transports: ['websocket'], autoConnect: false, reconnectionDelay: 100, reconnectionDelayMax: 500, auth, ...options,
  });
  sockets.add(socket);
  return socket;
}

/** A connected socket of a fresh user whose token puts it into `channels`. */
async function member(...channels) {
  const user = uniq('sio');
  return connected(socketFor({ token: jwt({ sub: user, channels, exp: nowSeconds() + 3600 }) }));
}

/** A raw Engine.IO WebSocket: resolves with the socket and the handshake once the open packet arrived. */
function rawEngine(query = 'EIO=4&transport=websocket') {
  const ws = new WebSocket(`${HTTP_URL.replace('http', 'ws')}/socket.io/?${query}`);
  const frames = [];
  const waiters = [];
  ws.on('message', (data) => {
    frames.push(data.toString());
    for (const w of waiters.splice(0)) w();
  });
  const next = async (predicate = () => true) => {
    for (;;) {
      const i = frames.findIndex(predicate);
      if (i >= 0) return frames.splice(i, 1)[0];
      await withTimeout(new Promise((r) => waiters.push(r)), WAIT_MS, 'an Engine.IO frame');
    }
  };
  const closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  const opened = new Promise((resolve, reject) => {
    ws.on('open', resolve);
    ws.on('unexpected-response', (_req, res) => {
      reject(new Error(`HTTP ${res.statusCode}`));
      ws.terminate(); // with this listener, ws leaves the refused request open
    });
    ws.on('error', reject);
  });
  return { ws, next, closed, opened };
}

test('a publication reaches the sockets in its channel as the event its tag names, else as "message"', async () => {
  const room = uniq('room');
  const [a, b] = await Promise.all([member(room), member(room)]);
  const tagged = Promise.all([a, b].map((s) => nextEvent(s, 'message:new')));
  await api('publish', { channel: room, data: { text: 'hi' }, tags: { event: 'message:new' } });
  for (const args of await tagged) {
    assert.deepEqual(args, { text: 'hi' });
  }
  const plain = nextEvent(a, 'message');
  await api('publish', { channel: room, data: [1, 2] });
  assert.deepEqual(await plain, [1, 2]);
});

test('a socket receives only the channels of its token', async () => {
  const mine = uniq('room');
  const other = uniq('room');
  const socket = await member(mine);
  const got = record(socket, 'message');
  await api('publish', { channel: other, data: { n: 1 } });
  await api('publish', { channel: mine, data: { n: 2 } });
  assert.deepEqual(await got.waitFor(1), [{ n: 2 }]);
});

test('emit with an ack is an RPC to the backend: the ack carries the result or the error', async () => {
  const socket = await member();
  const echoed = await withTimeout(socket.emitWithAck('echo', { text: 'ping', n: 7 }), WAIT_MS, 'echo ack');
  assert.deepEqual(echoed, { text: 'ping', n: 7 });
  const many = await withTimeout(socket.emitWithAck('echo', 1, 'two', null), WAIT_MS, 'echo ack');
  assert.deepEqual(many, [1, 'two', null]);
  const failed = await withTimeout(socket.emitWithAck('fail', {}), WAIT_MS, 'fail ack');
  assert.deepEqual(failed, { error: { code: 1002, message: 'application error' } });
  const who = await withTimeout(socket.emitWithAck('whoami'), WAIT_MS, 'whoami ack');
  assert.equal(who.transport, 'socketio');
});

test('an emit without ack reaches the backend too, and the socket stays usable', async () => {
  const socket = await member();
  socket.emit('echo', { fire: 'and forget' });
  assert.deepEqual(await withTimeout(socket.emitWithAck('echo', 'after'), WAIT_MS, 'ack'), 'after');
});

test('a refused token is a connect_error with the reason and code, and the client stays down', async () => {
  const socket = socketFor({ token: jwt({ sub: 'x' }, 'not-the-secret-0123456789abcdef01234567') });
  const error = nextEvent(socket, 'connect_error');
  socket.connect();
  const err = await error;
  assert.equal(err.message, 'invalid token');
  assert.equal(err.data.code, 3500);
  assert.equal(socket.active, false, 'a CONNECT_ERROR from the server does not reconnect');
});

test('a server disconnect ends the session for good; a reconnectable one lets the client come back', async () => {
  const user = uniq('sio');
  const socket = await connected(socketFor({ token: connectionToken(user) }));
  const back = nextEvent(socket, 'connect');
  const dropped = nextEvent(socket, 'disconnect');
  await api('disconnect', { user, disconnect: { code: 3011, reason: 'force reconnect' } });
  assert.equal(await dropped, 'transport close');
  await back;
  const gone = nextEvent(socket, 'disconnect');
  await api('disconnect', { user, disconnect: { code: 3503, reason: 'force disconnect' } });
  assert.equal(await gone, 'io server disconnect');
  assert.equal(socket.active, false);
});

test('a namespace other than the default is refused with CONNECT_ERROR "Invalid namespace"', async () => {
  const socket = io(`${HTTP_URL}/admin`, {
    transports: ['websocket'], autoConnect: false, reconnection: false, auth: { token: connectionToken('u') },
  });
  sockets.add(socket);
  const error = nextEvent(socket, 'connect_error');
  socket.connect();
  assert.equal((await error).message, 'Invalid namespace');
});

test('the Engine.IO handshake carries the session heartbeat and size limit; pings keep answered sockets open', async () => {
  const raw = rawEngine();
  await raw.opened;
  const open = JSON.parse((await raw.next()).slice(1));
  assert.equal(typeof open.sid, 'string');
  if (!REFERENCE) assert.match(open.sid, /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{20}$/, 'the owning node, then 15 random bytes');
  assert.deepEqual(open.upgrades, []);
  assert.equal(open.pingInterval, PING_INTERVAL_MS);
  assert.ok(open.pingTimeout > 0);
  assert.ok(open.maxPayload > 0);
  raw.ws.send(`40${JSON.stringify({ token: connectionToken(uniq('raw')) })}`);
  assert.match(await raw.next(), /^40\{"sid":"[^"]+","pid":"[A-Za-z0-9_-]+"\}$/);
  for (let i = 0; i < 3; i++) {
    assert.equal(await raw.next((f) => f === '2'), '2');
    raw.ws.send('3');
  }
  assert.equal(raw.ws.readyState, WebSocket.OPEN);
  raw.ws.close();
});

test('a socket that stops answering pings is closed', async () => {
  const raw = rawEngine();
  await raw.opened;
  await raw.next();
  raw.ws.send(`40${JSON.stringify({ token: connectionToken(uniq('raw')) })}`);
  await raw.next((f) => f.startsWith('40'));
  assert.equal(await raw.next((f) => f === '2'), '2');
  const code = await withTimeout(raw.closed, 4 * PING_INTERVAL_MS, 'the close');
  if (!REFERENCE) assert.equal(code, 3012, 'no pong');
});

test('a malformed packet closes the connection with 3501, so does a binary frame no packet announced', async () => {
  for (const [frame, code] of [['42{"not":"an array"}', 3501], ['4x', 3501], [Buffer.from([1, 2, 3]), 3501]]) {
    const raw = rawEngine();
    await raw.opened;
    await raw.next();
    raw.ws.send(`40${JSON.stringify({ token: connectionToken(uniq('raw')) })}`);
    await raw.next((f) => f.startsWith('40'));
    raw.ws.send(frame);
    const closed = await withTimeout(raw.closed, WAIT_MS, `close after ${frame}`);
    if (!REFERENCE) assert.equal(closed, code);
  }
});

test('other Engine.IO versions and transports are refused with 400', gatewayOnly, async () => {
  for (const query of ['EIO=3&transport=websocket', 'EIO=4&transport=polling', 'EIO=4&transport=websocket&sid=abc']) {
    const raw = rawEngine(query);
    await assert.rejects(raw.opened, /HTTP 400/, query);
  }
});

test('a client with the default transports starts on long-polling and upgrades to WebSocket', async () => {
  const room = uniq('room');
  const socket = io(HTTP_URL, {
    reconnection: true, reconnectionDelay: 1000, reconnectionAttempts: 5, autoConnect: false,
    auth: { token: jwt({ sub: uniq('chat'), channels: [room], exp: nowSeconds() + 3600 }) },
  });
  sockets.add(socket);
  const upgraded = nextEvent(socket.io.engine ?? socket.io, 'open').then(() => nextEvent(socket.io.engine, 'upgrade'));
  await connected(socket);
  assert.equal((await upgraded).name, 'websocket');
  assert.equal(socket.io.engine.transport.name, 'websocket');
  const got = nextEvent(socket, 'message:new');
  await api('publish', { channel: room, data: { text: 'after upgrade' }, tags: { event: 'message:new' } });
  assert.deepEqual(await got, { text: 'after upgrade' });
  assert.deepEqual(await withTimeout(socket.emitWithAck('echo', { ok: 1 }), WAIT_MS, 'ack'), { ok: 1 });
});

test('a polling-only client connects, receives events, gets acks and keeps its heartbeat', async () => {
  const room = uniq('room');
  const socket = await connected(socketFor(
    { token: jwt({ sub: uniq('poll'), channels: [room], exp: nowSeconds() + 3600 }) },
    { transports: ['polling'] },
  ));
  assert.equal(socket.io.engine.transport.name, 'polling');
  const got = record(socket, 'message');
  for (let i = 0; i < 5; i++) {
    await api('publish', { channel: room, data: { i } });
  }
  assert.deepEqual(await got.waitFor(5), [0, 1, 2, 3, 4].map((i) => ({ i })));
  assert.deepEqual(await withTimeout(socket.emitWithAck('echo', 'polled'), WAIT_MS, 'ack'), 'polled');
  const pinged = nextEvent(socket.io.engine, 'ping', { ms: 3 * PING_INTERVAL_MS });
  await pinged;
  assert.equal(socket.connected, true);
});

test('polling requests for an unknown session or a bad protocol version are refused as Engine.IO errors', async () => {
  const unknown = await fetch(`${HTTP_URL}/socket.io/?EIO=4&transport=polling&sid=nope`);
  assert.equal(unknown.status, 400);
  assert.deepEqual(await unknown.json(), { code: 1, message: 'Session ID unknown' });
  const old = await fetch(`${HTTP_URL}/socket.io/?EIO=3&transport=polling`);
  assert.equal(old.status, 400);
  assert.equal((await old.json()).code, 5);
  if (!REFERENCE) { // the reference server has no origin allowlist
    const foreign = await fetch(`${HTTP_URL}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
  }
});

/** A socket in `channels` that reconnects after a second, so publications made meanwhile are missed. */
async function recoverable(channels) {
  const user = uniq('rec');
  const socket = socketFor(
    { token: jwt({ sub: user, channels, exp: nowSeconds() + 3600 }) },
    { reconnectionDelay: 1000, reconnectionDelayMax: 1000, randomizationFactor: 0 },
  );
  socket.user = user;
  return connected(socket);
}

/** Drops the socket's connection from the server side (a reconnectable disconnect, as a lost network). */
async function dropConnection(socket) {
  const dropped = nextEvent(socket, 'disconnect');
  await api('disconnect', { user: socket.user, disconnect: { code: 3011, reason: 'force reconnect' } });
  assert.equal(await dropped, 'transport close');
}

test('a reconnecting client recovers what it missed in every channel, in order, with socket.recovered', async () => {
  const rooms = [uniq('chat:a'), uniq('chat:b')];
  const socket = await recoverable(rooms);
  assert.equal(socket.recovered, false, 'a first connection is not a recovery');
  const got = [];
  socket.on('message', (data) => got.push(data));
  await api('publish', { channel: rooms[0], data: { n: 1 } });
  await api('publish', { channel: rooms[1], data: { n: 2 } });
  await until(got, 2, 'live');
  await dropConnection(socket);
  const back = nextEvent(socket, 'connect');
  for (const [i, room] of [[3, rooms[0]], [4, rooms[1]], [5, rooms[0]]]) {
    await api('publish', { channel: room, data: { n: i } });
  }
  await back;
  assert.equal(socket.recovered, true);
  await until(got, 5, 'recovered');
  assert.deepEqual(got.filter((d) => [1, 3, 5].includes(d.n)).map((d) => d.n), [1, 3, 5]);
  assert.deepEqual(got.filter((d) => [2, 4].includes(d.n)).map((d) => d.n), [2, 4]);
  assert.equal(got.length, 5, 'nothing twice');
});

test('when history no longer covers the gap the client gets a fresh connection, never a silent gap', gatewayOnly, async () => {
  const room = uniq('sio:small');
  const socket = await recoverable([room]);
  const seen = nextEvent(socket, 'message');
  await api('publish', { channel: room, data: { n: 0 } });
  await seen;
  await dropConnection(socket);
  const back = nextEvent(socket, 'connect');
  for (let i = 1; i <= 5; i++) {
    await api('publish', { channel: room, data: { n: i } }); // history keeps 3
  }
  await back;
  assert.equal(socket.recovered, false);
});

test('a chat client written as usual for Socket.IO: messages flow, and missed ones come back after a reconnect', async () => {
  const room = uniq('chat:general');
  const userId = uniq('alice');
  const token = jwt({ sub: userId, channels: [room], exp: nowSeconds() + 3600 });
  // the application's code, as it is written for a Socket.IO server (only `auth` names Pulsegate's token)
  const messages = [];
  const resyncs = [];
  const socket = io(HTTP_URL, {
    reconnection: true, reconnectionDelay: 1000, reconnectionAttempts: 5, auth: { token },
  });
  sockets.add(socket);
  socket.on('message:new', (msg) => messages.push(msg.text));
  let connects = 0;
  socket.on('connect', () => { // the reconnect handler: socket.recovered is known once the namespace connected
    if (connects++ > 0) resyncs.push(socket.recovered ? 'recovered' : 'resync from the backend');
  });
  const sendMessage = (text) => new Promise((resolve) => {
    socket.emit('message:send', { text, timestamp: Date.now(), userId }, resolve);
  });
  // end of the application's code
  await nextEvent(socket, 'connect');
  const reply = await withTimeout(sendMessage('hello'), WAIT_MS, 'message:send ack');
  assert.deepEqual(reply, { accepted: true, text: 'hello', by: userId });
  const say = (text) => api('publish', { channel: room, data: { text }, tags: { event: 'message:new' } });
  await say('hello');
  await until(messages, 1, 'live');
  const dropped = nextEvent(socket, 'disconnect');
  await api('disconnect', { user: userId, disconnect: { code: 3011, reason: 'network blip' } });
  await dropped;
  const back = nextEvent(socket, 'connect', { ms: 10000 });
  await say('while you were away');
  await say('and this');
  await back;
  await until(messages, 3, 'missed');
  assert.deepEqual(messages, ['hello', 'while you were away', 'and this']);
  assert.deepEqual(resyncs, ['recovered']);
});
