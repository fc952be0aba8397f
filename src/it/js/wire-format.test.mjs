// Fields Centrifugo's JSON encoder always writes, empty epochs in recovery positions and unimplemented subscription
// types, as the real SDK sees them. Namespace `open` lets any client read presence and history without subscribing.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, closeAll, connectedClient, connectedProtobufClient, nextEvent, record, subscribe, uniq,
} from './support.mjs';

afterEach(closeAll);

test('presence and presence stats of an empty channel are zero, not undefined', async () => {
  const { client } = await connectedClient();
  const channel = `open:${uniq('empty')}`;
  const stats = await client.presenceStats(channel);
  assert.equal(stats.numClients, 0);
  assert.equal(stats.numUsers, 0);
  const presence = await client.presence(channel);
  assert.deepEqual(presence.clients, {});
});

test('history of an empty channel has publications [], offset 0 and an epoch', async () => {
  const { client } = await connectedClient();
  const history = await client.history(`open:${uniq('empty')}`, { limit: 10 });
  assert.deepEqual(history.publications, []);
  assert.equal(history.offset, 0);
  assert.equal(typeof history.epoch, 'string');
  assert.ok(history.epoch.length > 0);
});

test('an anonymous connection appears in presence with user ""', async () => {
  const channel = `open:${uniq('anon')}`;
  const anonymous = await connectedClient('');
  await subscribe(anonymous.client.newSubscription(channel));
  const presence = await anonymous.client.presence(channel);
  const infos = Object.values(presence.clients);
  assert.equal(infos.length, 1);
  assert.equal(infos[0].user, '');
  assert.equal(infos[0].client, anonymous.ctx.client);
});

test('getState returning {offset: 0, epoch: ""} recovers everything published before the subscribe', async () => {
  const channel = `chat:${uniq('getstate')}`;
  for (let i = 1; i <= 3; i++) {
    await api('publish', { channel, data: { i } });
  }
  const { client } = await connectedClient();
  let calls = 0;
  const sub = client.newSubscription(channel, {
    getState: async () => {
      calls++;
      return { offset: 0, epoch: '' };
    },
  });
  const pubs = record(sub, 'publication');
  const subscribed = await subscribe(sub);
  assert.equal(calls, 1);
  assert.equal(subscribed.recovered, true);
  assert.deepEqual((await pubs.waitFor(3)).map((p) => p.data.i), [1, 2, 3]);
});

test('getState on a fresh channel subscribes instead of looping on error 112', async () => {
  const { client } = await connectedClient();
  let calls = 0;
  const sub = client.newSubscription(`chat:${uniq('fresh')}`, {
    getState: async () => {
      calls++;
      return { offset: 0, epoch: '' };
    },
  });
  const subscribed = await subscribe(sub);
  assert.equal(calls, 1);
  assert.equal(subscribed.recovered, true);
  assert.equal(subscribed.streamPosition.offset, 0);
});

test('/api/history with since {offset: 0, epoch: ""} returns the stream from the start', async () => {
  const channel = `chat:${uniq('since')}`;
  const first = await api('publish', { channel, data: { n: 1 } });
  await api('publish', { channel, data: { n: 2 } });
  const reply = await api('history', { channel, limit: 10, since: { offset: 0, epoch: '' } });
  assert.deepEqual(reply.result.publications.map((p) => p.data.n), [1, 2]);
  assert.equal(reply.result.epoch, first.result.epoch);
  assert.equal(reply.result.offset, 2);
});

test('a map subscription of a stream namespace is refused with a clear error, not left hanging', async () => {
  const { client } = await connectedClient();
  const sub = client.newMapSubscription(`open:${uniq('map')}`);
  const unsubscribed = nextEvent(sub, 'unsubscribed');
  sub.subscribe();
  const ctx = await unsubscribed;
  assert.equal(ctx.code, 103);
  assert.match(ctx.reason, /subscription type not allowed/);
});

test('a map publish or remove into a stream namespace is refused with 107, not published (JSON and Protobuf)', async () => {
  const channel = `open:${uniq('mapkey')}`;
  for (const { client } of [await connectedClient(), await connectedProtobufClient()]) {
    await assert.rejects(client.mapPublish(channel, 'k', { v: 1 }), (err) => err.code === 107);
    await assert.rejects(client.mapRemove(channel, 'k'), (err) => err.code === 107);
  }
  const history = await api('history', { channel, limit: 10 });
  assert.deepEqual(history.result.publications, [], 'nothing reached the stream');
});
