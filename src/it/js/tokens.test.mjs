// Token lifecycles: connection refresh via getToken, expiry (3005), error 109 on connect, subscription tokens.
// The gateway runs with pulsegate.client.expired-close-delay=2s.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLOSE_DELAY_MS, closeAll, connect, connectedClient, connectionToken, deferred, newClient, nextEvent, nowSeconds,
  record, subscribe, subscriptionToken, uniq, until, withTimeout,
} from './support.mjs';

afterEach(closeAll);

test('connection token refresh via getToken keeps the client connected past the original expiry', async () => {
  const user = uniq('refresh');
  const exp = nowSeconds() + 3;
  const refreshed = deferred();
  let calls = 0;
  const client = newClient({
    token: connectionToken(user, exp - nowSeconds()),
    getToken: async () => {
      calls++;
      refreshed.resolve();
      return connectionToken(user, 3600);
    },
  });
  const connected = await connect(client);
  const connecting = record(client, 'connecting');
  const disconnected = record(client, 'disconnected');

  await withTimeout(refreshed.promise, 8000, 'getToken call on expiry');
  assert.equal(calls, 1);
  // the server would close a lapsed connection at exp + close delay; stay connected well past it
  await until(exp * 1000 + CLOSE_DELAY_MS + 1500);
  assert.equal(client.state, 'connected');
  assert.equal(connecting.seen.length, 0, 'no reconnect');
  assert.equal(disconnected.seen.length, 0);
  await client.ready(1000);
  const sub = client.newSubscription(`chat:${uniq('alive')}`);
  await subscribe(sub);
  assert.equal(calls, 1, 'one refresh for a one-hour token');
  assert.ok(connected.client);
});

test('a client that does not refresh is disconnected with 3005 and reconnects with a fresh token', async () => {
  const user = uniq('lapse');
  let calls = 0;
  const client = newClient({
    token: connectionToken(user, 2),
    getToken: () => {
      calls++;
      // the refresh on expiry never completes; later calls (after 3005 and error 109) succeed
      return calls === 1 ? new Promise(() => {}) : Promise.resolve(connectionToken(user, 3600));
    },
  });
  const first = await connect(client);
  const states = record(client, 'state');

  const connecting = await nextEvent(client, 'connecting', { ms: 2000 + CLOSE_DELAY_MS + 4000 });
  assert.equal(connecting.code, 3005);
  const again = await nextEvent(client, 'connected', { ms: 8000 });
  assert.notEqual(again.client, first.client, 'a new session');
  assert.ok(calls >= 2, `getToken calls: ${calls}`);
  assert.deepEqual(states.seen.map((s) => s.newState), ['connecting', 'connected']);
});

for (const [label, ago] of [['within the clock skew', 5], ['long ago', 3600]]) {
  test(`connect with a token expired ${label}: error 109, getToken, connected with the fresh token`, async () => {
    const user = uniq('expired');
    let calls = 0;
    const client = newClient({
      token: connectionToken(user, -ago),
      getToken: async () => {
        calls++;
        return connectionToken(user, 3600);
      },
    });
    const errors = record(client, 'error');
    const ctx = await connect(client);
    assert.ok(ctx.client);
    assert.equal(calls, 1);
    assert.equal(errors.seen.length, 1);
    assert.equal(errors.seen[0].type, 'connect');
    assert.equal(errors.seen[0].error.code, 109);
  });
}

test('private channel with a subscription token from getToken: subscribed', async () => {
  const { client, user } = await connectedClient();
  const channel = `private:${uniq('secret')}`;
  const asked = [];
  const sub = client.newSubscription(channel, {
    getToken: async (ctx) => {
      asked.push(ctx.channel);
      return subscriptionToken(user, ctx.channel);
    },
  });
  const ctx = await subscribe(sub);
  assert.equal(ctx.channel, channel);
  assert.deepEqual(asked, [channel]);
  assert.equal(sub.state, 'subscribed');
});

test('private channel without a subscription token: unsubscribed with error 103', async () => {
  const { client } = await connectedClient();
  const sub = client.newSubscription(`private:${uniq('secret')}`);
  const unsubscribed = nextEvent(sub, 'unsubscribed');
  sub.subscribe();
  const ctx = await unsubscribed;
  assert.equal(ctx.code, 103);
  assert.equal(sub.state, 'unsubscribed');
  assert.equal(client.state, 'connected');
});

test('subscription token for another channel: connection closed with 3500 (invalid token, as Centrifugo)', async () => {
  const { client, user } = await connectedClient();
  const channel = `private:${uniq('secret')}`;
  const sub = client.newSubscription(channel, { token: subscriptionToken(user, `${channel}-other`) });
  const disconnected = nextEvent(client, 'disconnected');
  sub.subscribe();
  assert.equal((await disconnected).code, 3500);
  assert.equal(client.state, 'disconnected');
});
