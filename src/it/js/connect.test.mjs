// Connection lifecycle: token auth, terminal disconnect codes, RPC without a handler, server-side disconnect.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, closeAll, connect, connectedClient, connectionToken, jwt, newClient, nextEvent, uniq,
} from './support.mjs';

afterEach(closeAll);

test('connect with a token: connected event with client id', async () => {
  const user = uniq('alice');
  const client = newClient({ token: connectionToken(user) });
  const ctx = await connect(client);
  assert.match(ctx.client, /\S+/, 'client id');
  assert.equal(ctx.transport, 'websocket');
  assert.equal(client.state, 'connected');
});

test('connect with an invalid token: disconnected 3500, terminal', async () => {
  const badSignature = jwt({ sub: uniq('mallory') }, 'not-the-gateway-secret-0123456789abcdef');
  const client = newClient({ token: badSignature });
  const disconnected = nextEvent(client, 'disconnected');
  client.connect();
  const ctx = await disconnected;
  assert.equal(ctx.code, 3500);
  assert.equal(client.state, 'disconnected');
});

test('connect without a token when anonymous is not allowed: disconnected 3501', async () => {
  const client = newClient();
  const disconnected = nextEvent(client, 'disconnected');
  client.connect();
  const ctx = await disconnected;
  assert.equal(ctx.code, 3501);
  assert.equal(client.state, 'disconnected');
});

test('rpc without a handler: error 108', async () => {
  const { client } = await connectedClient();
  await assert.rejects(client.rpc('no.such.method', { x: 1 }), (err) => {
    assert.equal(err.code, 108);
    return true;
  });
  assert.equal(client.state, 'connected');
});

test('server-side disconnect through /api/disconnect: disconnected with the given code', async () => {
  const { client, user } = await connectedClient();
  const disconnected = nextEvent(client, 'disconnected');
  const reply = await api('disconnect', { user, disconnect: { code: 3503, reason: 'force disconnect' } });
  assert.deepEqual(reply, { result: {} });
  const ctx = await disconnected;
  assert.equal(ctx.code, 3503);
  assert.equal(ctx.reason, 'force disconnect');
  assert.equal(client.state, 'disconnected');
});
