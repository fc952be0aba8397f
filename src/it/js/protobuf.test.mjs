// centrifuge-js's Protobuf build (subprotocol centrifuge-protobuf, binary frames) for the core flows, and JSON and
// Protobuf subscribers sharing a channel on one node.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import {
  CLOSE_DELAY_MS, WS_URL, api, closeAll, connect, connectedClient, connectedProtobufClient, connectionToken, deferred,
  newProtobufClient, nextEvent, nowSeconds, record, subscribe, uniq, until, withTimeout,
} from './support.mjs';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytes = (value) => encoder.encode(JSON.stringify(value));
const json = (data) => JSON.parse(decoder.decode(data));
// protobufjs hands out uint64 fields as Long objects in the Protobuf build
const num = (value) => (typeof value === 'number' ? value : Number(value.toString()));

afterEach(closeAll);

test('protobuf: the gateway echoes centrifuge-protobuf and answers in binary frames', async () => {
  const ws = new WebSocket(WS_URL, 'centrifuge-protobuf');
  await withTimeout(new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  }), 5000, 'open');
  assert.equal(ws.protocol, 'centrifuge-protobuf');
  const closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  ws.send(Buffer.from([0x02, 0x08, 0x80]), { binary: true }); // truncated command
  assert.equal(await withTimeout(closed, 5000, 'close'), 3501);
});

test('protobuf: connect, subscribe, publication from the JSON SDK and the server API', async () => {
  const channel = `chat:${uniq('pb')}`;
  const { client, ctx } = await connectedProtobufClient();
  assert.match(ctx.client, /\S+/);
  assert.equal(ctx.transport, 'websocket');
  const sub = client.newSubscription(channel);
  const subscribed = await subscribe(sub);
  assert.equal(subscribed.recoverable, true);
  const pubs = record(sub, 'publication');

  const { client: jsonClient } = await connectedClient();
  const jsonSub = jsonClient.newSubscription(channel);
  await subscribe(jsonSub);
  await jsonSub.publish({ from: 'json' });
  await api('publish', { channel, data: { from: 'api' } });

  const seen = await pubs.waitFor(2);
  assert.ok(seen[0].data instanceof Uint8Array, 'Protobuf build hands out raw bytes');
  assert.equal(decoder.decode(seen[0].data), '{"from":"json"}', 'same bytes as the JSON publisher sent');
  assert.deepEqual(json(seen[1].data), { from: 'api' });
  assert.equal(seen[0].info.client, jsonClient._client, 'publisher info travels with client publications');
});

test('protobuf: publish, presence, presence stats, history', async () => {
  const channel = `chat:${uniq('pb')}`;
  const { client, user } = await connectedProtobufClient();
  const sub = client.newSubscription(channel);
  await subscribe(sub);
  const pubs = record(sub, 'publication');

  await sub.publish(bytes({ n: 1 }));
  await sub.publish(bytes({ n: 2 }));
  await pubs.waitFor(2);

  const presence = await sub.presence();
  const infos = Object.values(presence.clients);
  assert.equal(infos.length, 1);
  assert.equal(infos[0].user, user);
  const stats = await sub.presenceStats();
  assert.equal(stats.numClients, 1);
  assert.equal(stats.numUsers, 1);

  const history = await sub.history({ limit: 10 });
  assert.deepEqual(history.publications.map((p) => json(p.data)), [{ n: 1 }, { n: 2 }]);
  assert.equal(num(history.offset), 2);
});

test('protobuf: disconnect, miss publications, reconnect: recovered in order', async () => {
  const channel = `chat:${uniq('pb-recover')}`;
  const { client } = await connectedProtobufClient();
  const sub = client.newSubscription(channel);
  await subscribe(sub);
  const pubs = record(sub, 'publication');
  await api('publish', { channel, data: { n: 0 } });
  await pubs.waitFor(1);

  const subscribing = nextEvent(sub, 'subscribing');
  client.disconnect();
  await subscribing;
  for (let n = 1; n <= 3; n++) {
    await api('publish', { channel, data: { n } });
  }
  const resubscribed = nextEvent(sub, 'subscribed');
  await connect(client);
  const ctx = await resubscribed;
  assert.equal(ctx.wasRecovering, true);
  assert.equal(ctx.recovered, true);
  const all = await pubs.waitFor(4);
  assert.deepEqual(all.map((p) => json(p.data).n), [0, 1, 2, 3]);
  assert.deepEqual(all.map((p) => num(p.offset)), [1, 2, 3, 4]);
});

test('protobuf: connection token refresh via getToken', async () => {
  const user = uniq('pb-refresh');
  const exp = nowSeconds() + 2;
  const refreshed = deferred();
  let calls = 0;
  const client = newProtobufClient({
    token: connectionToken(user, exp - nowSeconds()),
    getToken: async () => {
      calls++;
      refreshed.resolve();
      return connectionToken(user, 3600);
    },
  });
  await connect(client);
  const disconnected = record(client, 'disconnected');
  await withTimeout(refreshed.promise, 8000, 'getToken call on expiry');
  // the gateway would close a lapsed connection at exp + close delay: still connected past it, on the fresh token
  await until(exp * 1000 + CLOSE_DELAY_MS + 1500);
  assert.equal(calls, 1);
  assert.equal(client.state, 'connected');
  assert.equal(disconnected.seen.length, 0);
});

test('mixed: JSON and Protobuf subscribers see the same publications in the same order; binary closes JSON', async () => {
  const channel = `chat:${uniq('mixed')}`;
  const { client: pbClient } = await connectedProtobufClient();
  const pbSub = pbClient.newSubscription(channel);
  await subscribe(pbSub);
  const { client: jsonClient } = await connectedClient();
  const jsonSub = jsonClient.newSubscription(channel);
  await subscribe(jsonSub);
  const pbPubs = record(pbSub, 'publication');
  const jsonPubs = record(jsonSub, 'publication');

  // publishers of both formats, interleaved
  for (let i = 1; i <= 10; i++) {
    if (i % 2) {
      await jsonSub.publish({ i });
    } else {
      await pbSub.publish(bytes({ i }));
    }
  }
  const pb = await pbPubs.waitFor(10);
  const js = await jsonPubs.waitFor(10);
  assert.deepEqual(pb.map((p) => json(p.data).i), js.map((p) => p.data.i));
  assert.deepEqual(pb.map((p) => num(p.offset)), js.map((p) => p.offset));
  assert.deepEqual(js.map((p) => p.data.i), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

  const jsonDisconnected = nextEvent(jsonClient, 'disconnected');
  const binary = Buffer.from([0xff, 0x00, 0x80, 0x0a]);
  await api('publish', { channel, b64data: binary.toString('base64') });
  const [bin] = (await pbPubs.waitFor(11)).slice(10);
  assert.deepEqual(Buffer.from(bin.data), binary);
  assert.equal((await jsonDisconnected).code, 3506);
});
