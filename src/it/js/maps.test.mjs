// Map subscriptions with the real SDK (JSON and Protobuf builds): the state snapshot over several pages, live
// updates and removals, TTL expiry, catch-up after a reconnect without a new snapshot, client writes, the server API
// and limits. Namespaces: board (persistent map, stream 1000), ttl (recoverable, key TTL 1 s), tiny (persistent,
// 3 keys, 64-byte values, stream 2).
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, closeAll, connectedClient, connectedProtobufClient, nextEvent, uniq,
} from './support.mjs';

afterEach(closeAll);

const decoder = new TextDecoder();
/** Map entry data: parsed JSON over JSON connections, bytes over Protobuf. */
const value = (data) => (data instanceof Uint8Array ? JSON.parse(decoder.decode(data)) : data);
const b64 = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64');

/** Collects the map as the SDK reports it: sync snapshots, then each update. */
function mirror(sub) {
  const state = new Map();
  const updates = [];
  sub.on('sync', (ctx) => {
    state.clear();
    for (const e of ctx.entries) state.set(e.key, value(e.data));
  });
  sub.on('update', (ctx) => {
    updates.push(ctx);
    if (ctx.removed) state.delete(ctx.key); else state.set(ctx.key, value(ctx.data));
  });
  return { state, updates };
}

async function until(predicate, label, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function seed(channel, n) {
  const commands = [];
  for (let i = 0; i < n; i++) {
    commands.push({ map_publish: { channel, key: `k${String(i).padStart(4, '0')}`, data: { i } } });
  }
  const reply = await api('batch', { commands });
  for (const r of reply.replies) assert.equal(r.error, undefined, JSON.stringify(r));
}

for (const [format, connected] of [['JSON', connectedClient], ['Protobuf', connectedProtobufClient]]) {
  test(`${format}: a 250-key map arrives as one consistent snapshot over pages, then live updates and removals`, async () => {
    const channel = `board:${uniq('snap')}`;
    await seed(channel, 250);
    const { client } = await connected();
    const sub = client.newMapSubscription(channel, { pageSize: 100 });
    const seen = mirror(sub);
    const synced = nextEvent(sub, 'sync');
    sub.subscribe();
    await synced;
    assert.equal(seen.state.size, 250);
    assert.deepEqual(seen.state.get('k0249'), { i: 249 });
    await api('map_publish', { channel, key: 'k0001', data: { i: -1 } });
    await api('map_remove', { channel, key: 'k0002' });
    await until(() => seen.updates.length === 2, 'two updates');
    assert.deepEqual(seen.state.get('k0001'), { i: -1 });
    assert.equal(seen.state.has('k0002'), false);
    assert.equal(seen.updates[1].removed, true);
  });
}

test('two clients edit one map and see each other\'s writes, with the writer\'s info', async () => {
  const channel = `board:${uniq('edit')}`;
  const { client: alice } = await connectedClient('alice');
  const { client: bob } = await connectedProtobufClient('bob');
  const a = alice.newMapSubscription(channel);
  const b = bob.newMapSubscription(channel);
  const ma = mirror(a);
  const mb = mirror(b);
  const both = Promise.all([nextEvent(a, 'subscribed'), nextEvent(b, 'subscribed')]);
  a.subscribe();
  b.subscribe();
  await both;
  await a.publish('task-1', { title: 'write tests', done: false });
  // the Protobuf build carries payloads as bytes
  await b.publish('task-2', new TextEncoder().encode(JSON.stringify({ title: 'review', done: false })));
  await until(() => ma.state.size === 2 && mb.state.size === 2, 'both tasks on both clients');
  await b.remove('task-1');
  await until(() => !ma.state.has('task-1'), 'removal on alice');
  const fromBob = ma.updates.find((u) => u.key === 'task-2');
  assert.equal(fromBob.info.user, 'bob');
});

test('a reconnecting client recovers only what it missed, without a new sync', async () => {
  const channel = `board:${uniq('recover')}`;
  await seed(channel, 5);
  const { client } = await connectedClient();
  const sub = client.newMapSubscription(channel);
  const seen = mirror(sub);
  let syncs = 0;
  sub.on('sync', () => { syncs += 1; });
  const synced = nextEvent(sub, 'sync');
  sub.subscribe();
  await synced;
  client.disconnect();
  await api('map_publish', { channel, key: 'k0000', data: { i: 100 } });
  await api('map_remove', { channel, key: 'k0003' });
  await api('map_publish', { channel, key: 'late', data: { i: 7 } });
  const resubscribed = nextEvent(sub, 'subscribed');
  client.connect();
  const ctx = await resubscribed;
  assert.equal(ctx.recovered, true);
  await until(() => seen.updates.length === 3, 'the three missed changes');
  assert.equal(syncs, 1, 'no second snapshot');
  assert.deepEqual([...seen.state.keys()].sort(), ['k0000', 'k0001', 'k0002', 'k0004', 'late']);
  assert.deepEqual(seen.state.get('k0000'), { i: 100 });
});

test('a client whose position left the stream starts again from a fresh snapshot', async () => {
  const channel = `tiny:${uniq('gone')}`;
  const { client } = await connectedClient();
  const sub = client.newMapSubscription(channel);
  const seen = mirror(sub);
  const synced = nextEvent(sub, 'sync');
  sub.subscribe();
  await synced;
  client.disconnect();
  for (const key of ['a', 'b', 'c']) await api('map_publish', { channel, key, data: { key } });
  const resynced = nextEvent(sub, 'sync');
  client.connect();
  await resynced;
  assert.deepEqual([...seen.state.keys()].sort(), ['a', 'b', 'c']);
});

test('keys expire after their TTL and subscribers see the removal', async () => {
  const channel = `ttl:${uniq('exp')}`;
  const { client } = await connectedClient();
  const sub = client.newMapSubscription(channel);
  const seen = mirror(sub);
  const subscribed = nextEvent(sub, 'subscribed');
  sub.subscribe();
  await subscribed;
  await sub.publish('cursor', { x: 1 });
  await until(() => seen.state.has('cursor'), 'the key');
  await until(() => !seen.state.has('cursor'), 'the expiry', 8000);
  assert.equal(seen.updates.at(-1).removed, true);
});

test('limits: a value over the size limit and a key over the key limit are refused, the map is untouched', async () => {
  const channel = `tiny:${uniq('limits')}`;
  const { client } = await connectedClient();
  await assert.rejects(client.mapPublish(channel, 'big', { pad: 'x'.repeat(100) }), (err) => err.code === 107);
  for (const key of ['a', 'b', 'c']) await client.mapPublish(channel, key, { key });
  await assert.rejects(client.mapPublish(channel, 'd', { key: 'd' }), (err) => err.code === 106);
  const stats = await api('map_stats', { channel });
  assert.equal(stats.result.num_keys, 3);
  assert.equal(client.state, 'connected', 'the connection stays');
});

test('a batch of 3,000 map writes answers every command, in order', async () => {
  const channel = `board:${uniq('batch')}`;
  await seed(channel, 3000);
  assert.equal((await api('map_stats', { channel })).result.num_keys, 3000);
});

test('server API: state pages, the stream since a position, removals in it, stats, clear with a new epoch', async () => {
  const channel = `board:${uniq('api')}`;
  await seed(channel, 150);
  const first = await api('map_read_state', { channel, limit: 100 });
  assert.equal(first.result.entries.length, 100);
  const second = await api('map_read_state', {
    channel, limit: 100, cursor: first.result.cursor,
    revision_offset: first.result.offset, revision_epoch: first.result.epoch,
  });
  assert.equal(second.result.entries.length, 50);
  assert.equal(second.result.cursor ?? '', '');
  const one = await api('map_read_state', { channel, key: 'k0042' });
  assert.deepEqual(one.result.entries.map((e) => e.key), ['k0042']);
  await api('map_publish', { channel, key: 'k0000', b64data: b64({ i: 'b64' }) });
  await api('map_remove', { channel, key: 'k0001' });
  const stream = await api('map_read_stream', {
    channel, since_offset: first.result.offset, since_epoch: first.result.epoch, limit: 10,
  });
  assert.deepEqual(stream.result.entries.map((e) => [e.key, !!e.removed]), [['k0000', false], ['k0001', true]]);
  assert.deepEqual(stream.result.entries[0].data, { i: 'b64' });
  assert.equal((await api('map_stats', { channel })).result.num_keys, 149);
  const suppressed = await api('map_publish', { channel, key: 'k0005', data: {}, key_mode: 'if_new' });
  assert.equal(suppressed.result.suppressed, true);
  await api('map_clear', { channel });
  const after = await api('map_read_state', { channel, limit: 0 });
  assert.notEqual(after.result.epoch, first.result.epoch);
  assert.equal((await api('map_stats', { channel })).result.num_keys ?? 0, 0);
  const notMap = await api('map_publish', { channel: `open:${uniq('x')}`, key: 'k', data: {} });
  assert.equal(notMap.error.code, 107);
});
