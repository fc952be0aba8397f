// socket.io-client 4.x: binary attachments, several namespaces over one Engine.IO connection, and events that publish
// into a room. Run by SocketIoIT against the gateway (namespaces `/` and `/chat`, publish event `say`) and by
// SocketIoReferenceIT against reference-server.mjs, so every test not marked gateway-only pins Socket.IO behaviour.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { io, Manager } from 'socket.io-client';
import {
  HTTP_URL, api, closeAll, connect, jwt, newClient, nextEvent, nowSeconds, record, subscribe, uniq, withTimeout, WAIT_MS,
  connectionToken,
} from '../support.mjs';
import { connected } from './common.mjs';

const REFERENCE = process.env.PULSEGATE_TARGET === 'reference';
const gatewayOnly = { skip: REFERENCE && 'a Pulsegate behaviour, not Socket.IO protocol' };
const sockets = new Set();
afterEach(() => {
  for (const socket of sockets) {
    socket.disconnect();
  }
  sockets.clear();
  closeAll();
});

const OPTIONS = { autoConnect: false, reconnectionDelay: 100, reconnectionDelayMax: 500 };
const tokenFor = (channels, sub = uniq('sio')) => jwt({ sub, channels, exp: nowSeconds() + 3600 });

function track(socket) {
  sockets.add(socket);
  return socket;
}

async function member(channels, transports = ['websocket']) {
  return connected(track(io(HTTP_URL, { ...OPTIONS, transports, auth: { token: tokenFor(channels) } })));
}

for (const transport of ['websocket', 'polling']) {
  test(`a binary argument reaches the backend as an attachment (${transport}) and the ack returns`, async () => {
    const socket = await member([], [transport]);
    const ack = await withTimeout(socket.emitWithAck('upload', new Uint8Array([1, 2, 3])), WAIT_MS, 'upload ack');
    assert.deepEqual(ack, { bytes: 3, base64: 'AQID' });
    const two = await withTimeout(socket.emitWithAck('upload', { name: 'a.bin', file: Buffer.from([255]) }), WAIT_MS,
      'upload ack');
    assert.deepEqual(two, { bytes: 1, base64: '/w==' }, 'nested attachments too');
    assert.deepEqual(await withTimeout(socket.emitWithAck('echo', 'after'), WAIT_MS, 'echo ack'), 'after');
  });
}

test('two namespaces share one Engine.IO connection, each with its own rooms', async () => {
  const [lobby, chat] = [uniq('lobby'), uniq('chat:ns')];
  const manager = new Manager(HTTP_URL, { ...OPTIONS, transports: ['websocket'] });
  const root = track(manager.socket('/', { auth: { token: tokenFor([lobby]) } }));
  const chatSocket = track(manager.socket('/chat', { auth: { token: tokenFor([chat]) } }));
  await Promise.all([connected(root), connected(chatSocket)]);
  assert.equal(root.io.engine, chatSocket.io.engine, 'one connection');
  const [atRoot, atChat] = [record(root, 'news'), record(chatSocket, 'news')];
  await api('publish', { channel: chat, data: { to: 'chat' }, tags: { event: 'news' } });
  await api('publish', { channel: lobby, data: { to: 'root' }, tags: { event: 'news' } });
  assert.deepEqual(await atChat.waitFor(1), [{ to: 'chat' }]);
  assert.deepEqual(await atRoot.waitFor(1), [{ to: 'root' }]);
  assert.equal(atChat.seen.length, 1, 'the lobby is not a room of /chat');
  assert.deepEqual(await withTimeout(chatSocket.emitWithAck('echo', 'in chat'), WAIT_MS, 'chat ack'), 'in chat');

  chatSocket.disconnect();
  await api('publish', { channel: lobby, data: { to: 'root again' }, tags: { event: 'news' } });
  assert.deepEqual((await atRoot.waitFor(2))[1], { to: 'root again' });
  assert.equal(root.connected, true, 'leaving /chat keeps /');
  assert.deepEqual(await withTimeout(root.emitWithAck('echo', 'still here'), WAIT_MS, 'root ack'), 'still here');
});

test('a namespace that is not configured is refused on a shared connection; the others stay', async () => {
  const manager = new Manager(HTTP_URL, { ...OPTIONS, transports: ['websocket'], reconnection: false });
  const root = await connected(track(manager.socket('/', { auth: { token: tokenFor([]) } })));
  const stranger = track(manager.socket('/nope', { auth: { token: tokenFor([]) } }));
  const error = nextEvent(stranger, 'connect_error');
  stranger.connect();
  assert.equal((await error).message, 'Invalid namespace');
  assert.deepEqual(await withTimeout(root.emitWithAck('echo', 1), WAIT_MS, 'root ack'), 1);
});

test('a namespace alone (no default one) connects over its own connection', async () => {
  const room = uniq('chat:solo');
  const socket = await connected(track(io(`${HTTP_URL}/chat`, {
    ...OPTIONS, transports: ['polling'], auth: { token: tokenFor([room]) },
  })));
  const got = nextEvent(socket, 'message');
  await api('publish', { channel: room, data: { solo: true } });
  assert.deepEqual(await got, { solo: true });
});

test('an event configured to publish reaches the other sockets of the room under its name; the ack is {}', async () => {
  const room = uniq('chat:room');
  const [a, b] = await Promise.all([member([room]), member([room])]);
  const heard = record(b, 'say');
  const ack = await withTimeout(a.emitWithAck('say', room, { text: 'hi all' }), WAIT_MS, 'say ack');
  assert.deepEqual(ack, {});
  assert.deepEqual(await heard.waitFor(1), [{ text: 'hi all' }]);
});

test('publishing into a room the namespace does not allow publishing to gets an error ack', async () => {
  const room = uniq('locked');
  const socket = await member([room]);
  const ack = await withTimeout(socket.emitWithAck('say', room, { text: 'no' }), WAIT_MS, 'say ack');
  assert.deepEqual(ack, { error: { code: 103, message: 'permission denied' } });
});

test('a Socket.IO publish reaches Centrifugo subscribers of the channel as plain data', gatewayOnly, async () => {
  const room = uniq('chat:mixed');
  const client = newClient({ token: connectionToken(uniq('cf')) });
  await connect(client);
  const sub = client.newSubscription(room);
  const pubs = record(sub, 'publication');
  await subscribe(sub);
  const socket = await member([room]);
  assert.deepEqual(await withTimeout(socket.emitWithAck('say', room, { text: 'to both' }), WAIT_MS, 'ack'), {});
  const [pub] = await pubs.waitFor(1);
  assert.deepEqual(pub.data, { text: 'to both' });
  assert.deepEqual(pub.tags, { event: 'say' });
});
