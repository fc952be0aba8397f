// Reconnect with recovery on a force_recovery namespace: missed publications arrive once, in order.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, closeAll, connect, connectedClient, nextEvent, record, subscribe, uniq,
} from './support.mjs';

afterEach(closeAll);

test('disconnect, miss 3 publications, reconnect: recovered in order exactly once', async () => {
  const channel = `chat:${uniq('recover')}`;
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel);
  const first = await subscribe(sub);
  assert.equal(first.recoverable, true);
  assert.equal(first.wasRecovering, false);

  const pubs = record(sub, 'publication');
  const live = await api('publish', { channel, data: { n: 0 } });
  await pubs.waitFor(1);
  assert.equal(pubs.seen[0].offset, live.result.offset);

  // the SDK keeps the subscription (state subscribing) and its stream position across disconnect()
  const subscribing = nextEvent(sub, 'subscribing');
  client.disconnect();
  await subscribing;
  assert.equal(client.state, 'disconnected');

  const missed = [];
  for (let n = 1; n <= 3; n++) {
    missed.push((await api('publish', { channel, data: { n } })).result.offset);
  }
  assert.deepEqual(missed, [2, 3, 4]);

  const resubscribed = nextEvent(sub, 'subscribed');
  await connect(client);
  const ctx = await resubscribed;
  assert.equal(ctx.wasRecovering, true, 'the SDK sent recover');
  assert.equal(ctx.recovered, true);
  assert.equal(ctx.hasRecoveredPublications, true);
  assert.equal(ctx.streamPosition.epoch, live.result.epoch);

  await pubs.waitFor(4);
  // one more live publication after recovery must follow directly, with no duplicates in between
  await api('publish', { channel, data: { n: 4 } });
  const all = await pubs.waitFor(5);
  assert.deepEqual(all.map((p) => p.data.n), [0, 1, 2, 3, 4]);
  assert.deepEqual(all.map((p) => p.offset), [1, 2, 3, 4, 5]);
});

test('recovery after history was removed: subscribed with wasRecovering and recovered=false', async () => {
  const channel = `chat:${uniq('lost')}`;
  const { client } = await connectedClient();
  const sub = client.newSubscription(channel);
  await subscribe(sub);
  const pubs = record(sub, 'publication');
  await api('publish', { channel, data: { n: 1 } });
  await pubs.waitFor(1);

  const subscribing = nextEvent(sub, 'subscribing');
  client.disconnect();
  await subscribing;
  await api('publish', { channel, data: { n: 2 } });
  assert.deepEqual(await api('history_remove', { channel }), { result: {} });
  await api('publish', { channel, data: { n: 3 } });

  const resubscribed = nextEvent(sub, 'subscribed');
  await connect(client);
  const ctx = await resubscribed;
  assert.equal(ctx.wasRecovering, true);
  assert.equal(ctx.recovered, false, 'publication 2 is gone, so recovery must not claim success');
  assert.equal(pubs.seen.length, 1, 'no partial replay');
});
