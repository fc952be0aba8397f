// centrifuge-js clients on different gateway nodes sharing one Redis (started by MultiNodeIT): publications made
// through the API of node A reach both, once and in order; a client that moves to another node recovers.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { api, closeAll, connectedClient, record, subscribe, uniq } from '../support.mjs';

const WS_URL_C = process.env.PULSEGATE_WS_URL_C;

afterEach(closeAll);

test('publications through node A reach clients on nodes B and C exactly once, in order', async () => {
  const channel = `chat:${uniq('xnode')}`;
  const { client: onB } = await connectedClient();
  const { client: onC } = await connectedClient(uniq('user'), {}, WS_URL_C);
  const subB = onB.newSubscription(channel);
  const subC = onC.newSubscription(channel);
  await subscribe(subB);
  await subscribe(subC);
  const seenB = record(subB, 'publication');
  const seenC = record(subC, 'publication');
  for (let n = 1; n <= 20; n++) {
    await api('publish', { channel, data: { n } });
  }
  await seenB.waitFor(20);
  await seenC.waitFor(20);
  const expected = Array.from({ length: 20 }, (_, i) => i + 1);
  assert.deepEqual(seenB.seen.map((p) => p.data.n), expected);
  assert.deepEqual(seenC.seen.map((p) => p.data.n), expected);
  assert.deepEqual(seenC.seen.map((p) => p.offset), expected);
});

test('delta publications made on node A decode exactly on nodes B and C', async () => {
  const channel = `chat:${uniq('delta')}`;
  const { client: onB } = await connectedClient();
  const { client: onC } = await connectedClient(uniq('user'), {}, WS_URL_C);
  const subB = onB.newSubscription(channel, { delta: 'fossil' });
  const subC = onC.newSubscription(channel, { delta: 'fossil' });
  await subscribe(subB);
  await subscribe(subC);
  const seenB = record(subB, 'publication');
  const seenC = record(subC, 'publication');
  let doc = { title: 'board', cells: Array.from({ length: 64 }, (_, i) => `cell-${i}`) };
  const docs = [];
  for (let n = 0; n < 20; n++) {
    doc = { ...doc, rev: n, cells: doc.cells.map((c, i) => (i === (n * 7) % 64 ? `${c}*` : c)) };
    docs.push(doc);
    await api('publish', { channel, data: doc, delta: true });
  }
  await seenB.waitFor(20);
  await seenC.waitFor(20);
  assert.deepEqual(seenB.seen.map((p) => p.data), docs);
  assert.deepEqual(seenC.seen.map((p) => p.data), docs);
  for (const sub of [subB, subC]) {
    const stats = sub.deltaStats();
    assert.equal(stats.numFullPayloads, 1, JSON.stringify(stats));
    assert.equal(stats.numDeltaPayloads, 19);
  }
});

test('cache mode on Redis: a subscriber on node B gets the latest state published through node A', async () => {
  const channel = `state:${uniq('cache')}`;
  for (let price = 1; price <= 3; price++) {
    await api('publish', { channel, data: { price } });
  }
  const { client: onB } = await connectedClient();
  const sub = onB.newSubscription(channel);
  const seen = record(sub, 'publication');
  const ctx = await subscribe(sub);
  assert.equal(ctx.recovered, true);
  const [latest] = await seen.waitFor(1);
  assert.deepEqual(latest.data, { price: 3 });
  assert.equal(latest.offset, 3);
});

test('a client that moves from node B to node C recovers what it missed from its position', async () => {
  const channel = `chat:${uniq('move')}`;
  const { client: onB } = await connectedClient();
  const subB = onB.newSubscription(channel);
  const first = await subscribe(subB);
  const seen = record(subB, 'publication');
  await api('publish', { channel, data: { n: 1 } });
  await seen.waitFor(1);
  onB.disconnect();
  for (let n = 2; n <= 6; n++) {
    await api('publish', { channel, data: { n } });
  }
  const { client: onC } = await connectedClient(uniq('user'), {}, WS_URL_C);
  const subC = onC.newSubscription(channel, { since: { offset: seen.seen[0].offset, epoch: first.streamPosition.epoch } });
  const recovered = record(subC, 'publication');
  const ctx = await subscribe(subC);
  assert.equal(ctx.wasRecovering, true);
  assert.equal(ctx.recovered, true);
  await recovered.waitFor(5);
  assert.deepEqual(recovered.seen.map((p) => p.data.n), [2, 3, 4, 5, 6]);
});
