// Incremental updates with the real SDK: fossil delta chains (JSON and Protobuf builds, mixed subscribers, recovery in
// the middle of a chain), cache recovery mode, and batching with flush-latest plus the SDK's publish debounce.
// Namespaces: delta (history, recovery, fossil allowed, delta-publish), cache (recovery-mode cache),
// batch (100 ms window, flush-latest, client publish debounce 50 ms).
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, closeAll, connect, connectedClient, connectedProtobufClient, nextEvent, record, subscribe, uniq,
} from './support.mjs';

const decoder = new TextDecoder();
afterEach(closeAll);

/** A seeded pseudo-random generator (mulberry32), so a failing chain can be replayed. */
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` versions of a ~2 KB document, each with a few random edits (insert, delete, replace) of the previous. */
function documentChain(count, seed) {
  const next = random(seed);
  const words = ['alpha', 'beta', 'gamma', 'delta', 'épsilon', 'ζήτα', '数据', 'ok'];
  let doc = { title: 'shared document', items: Array.from({ length: 40 }, (_, i) => `${words[i % 8]}-${i}`) };
  const chain = [];
  for (let n = 0; n < count; n++) {
    doc = structuredClone(doc);
    doc.rev = n;
    for (let e = 0; e < 1 + Math.floor(next() * 3); e++) {
      const at = Math.floor(next() * doc.items.length);
      const op = next();
      if (op < 0.33) {
        doc.items.splice(at, 0, `${words[Math.floor(next() * 8)]}-${n}`);
      } else if (op < 0.66 && doc.items.length > 10) {
        doc.items.splice(at, 1);
      } else {
        doc.items[at] = `${doc.items[at]}!`;
      }
    }
    chain.push(doc);
  }
  return chain;
}

async function publishAll(channel, docs, extra = {}) {
  for (const data of docs) {
    await api('publish', { channel, data, ...extra });
  }
}

test('delta: a chain of 50 random edits decodes exactly in JSON, with 1 full payload and 49 patches', async () => {
  const channel = `delta:${uniq('chain')}`;
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel, { delta: 'fossil' });
  await subscribe(sub);
  const pubs = record(sub, 'publication');
  const docs = documentChain(50, 1);
  await publishAll(channel, docs);
  const seen = await pubs.waitFor(50);
  assert.deepEqual(seen.map((p) => p.data), docs);
  assert.deepEqual(seen.map((p) => p.offset), docs.map((_, i) => i + 1));
  const stats = sub.deltaStats();
  assert.equal(stats.numFullPayloads, 1);
  assert.equal(stats.numDeltaPayloads, 49);
  assert.ok(stats.bytesReceived * 5 < stats.bytesDecoded, JSON.stringify(stats));
});

test('delta: the Protobuf build decodes the same chain from binary patches', async () => {
  const channel = `delta:${uniq('pb')}`;
  const { client } = await connectedProtobufClient();
  const sub = client.newSubscription(channel, { delta: 'fossil' });
  await subscribe(sub);
  const pubs = record(sub, 'publication');
  const docs = documentChain(50, 2);
  await publishAll(channel, docs);
  const seen = await pubs.waitFor(50);
  assert.deepEqual(seen.map((p) => JSON.parse(decoder.decode(p.data))), docs);
  const stats = sub.deltaStats();
  assert.equal(stats.numFullPayloads, 1);
  assert.equal(stats.numDeltaPayloads, 49);
});

test('delta: delta and plain subscribers, JSON and Protobuf, share one channel and all see the same data', async () => {
  const channel = `delta:${uniq('mixed')}`;
  const { client: jsonClient } = await connectedClient();
  const { client: pbClient } = await connectedProtobufClient();
  const deltaSub = jsonClient.newSubscription(channel, { delta: 'fossil' });
  const pbDeltaSub = pbClient.newSubscription(channel, { delta: 'fossil' });
  const { client: other } = await connectedClient();
  const plainSub = other.newSubscription(channel);
  await subscribe(deltaSub);
  await subscribe(pbDeltaSub);
  await subscribe(plainSub);
  const seen = [record(deltaSub, 'publication'), record(pbDeltaSub, 'publication'), record(plainSub, 'publication')];
  const docs = documentChain(20, 3);
  await publishAll(channel, docs);
  const [json, pb, plain] = await Promise.all(seen.map((r) => r.waitFor(20)));
  assert.deepEqual(json.map((p) => p.data), docs);
  assert.deepEqual(pb.map((p) => JSON.parse(decoder.decode(p.data))), docs);
  // a plain subscriber's connection joins messages, which centrifuge-js may dispatch out of order (see
  // docs/protocol-compatibility.md): compare by offset
  assert.deepEqual([...plain].sort((a, b) => a.offset - b.offset).map((p) => p.data), docs);
  assert.equal(deltaSub.deltaStats().numDeltaPayloads, 19);
  assert.equal(pbDeltaSub.deltaStats().numDeltaPayloads, 19);
});

test('delta: recovery in the middle of a chain, then the chain resumes live', async () => {
  const channel = `delta:${uniq('recover')}`;
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel, { delta: 'fossil' });
  await subscribe(sub);
  const pubs = record(sub, 'publication');
  const docs = documentChain(30, 4);
  await publishAll(channel, docs.slice(0, 10));
  await pubs.waitFor(10);

  const subscribing = nextEvent(sub, 'subscribing');
  client.disconnect();
  await subscribing;
  await publishAll(channel, docs.slice(10, 20));
  const resubscribed = nextEvent(sub, 'subscribed');
  await connect(client);
  const ctx = await resubscribed;
  assert.equal(ctx.recovered, true);
  await pubs.waitFor(20);
  await publishAll(channel, docs.slice(20));
  const seen = await pubs.waitFor(30);
  assert.deepEqual(seen.map((p) => p.data), docs);
  assert.deepEqual(seen.map((p) => p.offset), docs.map((_, i) => i + 1));
  const stats = sub.deltaStats();
  // full: the first live one, the recovered ones (10, or fewer when one still arrived live while the SDK was
  // disconnecting) and the first live one after the resubscribe; every other one is a patch
  assert.equal(stats.numFullPayloads + stats.numDeltaPayloads, 30, JSON.stringify(stats));
  assert.ok(stats.numFullPayloads <= 12 && stats.numDeltaPayloads >= 18, JSON.stringify(stats));
});

test('delta: a publication the namespace does not mark travels in full unless the API asks for a delta', async () => {
  const channel = `cache:${uniq('unmarked')}`; // cache allows fossil but has no delta-publish
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel, { delta: 'fossil' });
  await subscribe(sub);
  const pubs = record(sub, 'publication');
  const docs = documentChain(4, 5);
  await publishAll(channel, docs.slice(0, 2));
  await publishAll(channel, docs.slice(2), { delta: true });
  const seen = await pubs.waitFor(4);
  assert.deepEqual(seen.map((p) => p.data), docs);
  assert.equal(sub.deltaStats().numDeltaPayloads, 2, JSON.stringify(sub.deltaStats()));
});

test('cache mode: a new subscriber gets the latest publication only, and after a reconnect only the newest', async () => {
  const channel = `cache:${uniq('state')}`;
  for (let price = 1; price <= 5; price++) {
    await api('publish', { channel, data: { price } });
  }
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel);
  const pubs = record(sub, 'publication');
  const ctx = await subscribe(sub);
  assert.equal(ctx.recovered, true);
  const first = await pubs.waitFor(1);
  assert.deepEqual(first.map((p) => p.data), [{ price: 5 }]);
  assert.equal(first[0].offset, 5);

  // a client coming back from offset 5 (a fresh one with `since`, so no publication can race a disconnect)
  for (let price = 6; price <= 9; price++) {
    await api('publish', { channel, data: { price } });
  }
  const { client: later } = await connectedClient();
  const again = later.newSubscription(channel, { since: { offset: 5, epoch: ctx.streamPosition.epoch } });
  const recovered = record(again, 'publication');
  const againCtx = await subscribe(again);
  assert.equal(againCtx.wasRecovering, true);
  assert.equal(againCtx.recovered, true);
  assert.deepEqual((await recovered.waitFor(1)).map((p) => p.data.price), [9], 'the gap 6..8 is not replayed');
  await api('publish', { channel, data: { price: 10 } });
  assert.deepEqual((await recovered.waitFor(2)).map((p) => p.data.price), [9, 10]);
});

test('batch: flush-latest delivers only the newest of a burst, loses nothing at the end, keeps positions', async () => {
  const channel = `batch:${uniq('burst')}`;
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel);
  await subscribe(sub);
  const pubs = record(sub, 'publication');
  const commands = Array.from({ length: 30 }, (_, n) => ({ publish: { channel, data: { n } } }));
  const lastOne = nextEvent(sub, 'publication', { predicate: (p) => p.data.n === 29 });
  await api('batch', { commands });
  const last = await lastOne;
  assert.equal(last.offset, 30);
  assert.ok(pubs.seen.length < 30, `a burst within one window is coalesced (got ${pubs.seen.length})`);
  const offsets = pubs.seen.map((p) => p.offset);
  assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b), 'offsets only grow');

  // skipped offsets are not a gap: a reconnect recovers from the delivered position without replaying them
  const subscribing = nextEvent(sub, 'subscribing');
  client.disconnect();
  await subscribing;
  await api('publish', { channel, data: { n: 30 } });
  const resubscribed = nextEvent(sub, 'subscribed');
  const recovered = nextEvent(sub, 'publication', { predicate: (p) => p.data.n === 30 });
  await connect(client);
  assert.equal((await resubscribed).recovered, true);
  assert.equal((await recovered).offset, 31);
});

test('batch: the SDK debounces its own publications (publish_debounce) and the latest value wins', async () => {
  const channel = `batch:${uniq('debounce')}`;
  const { client: writer } = await connectedClient();
  const { client: reader } = await connectedClient();
  const writerSub = writer.newSubscription(channel);
  const readerSub = reader.newSubscription(channel);
  await subscribe(writerSub);
  await subscribe(readerSub);
  const pubs = record(readerSub, 'publication');
  await writerSub.publish({ x: 0 });
  const latest = nextEvent(readerSub, 'publication', { predicate: (p) => p.data.x === 20 });
  for (let x = 1; x <= 20; x++) {
    writerSub.publish({ x });
  }
  await latest;
  const history = await api('history', { channel, limit: 100 });
  const kept = history.result.publications.map((p) => p.data.x);
  assert.equal(kept[0], 0, 'the first publication is not delayed');
  assert.equal(kept[kept.length - 1], 20);
  assert.ok(kept.length < 21, `the SDK coalesced its publications (server got ${kept.length})`);
  assert.ok(pubs.seen.length <= kept.length);
});
