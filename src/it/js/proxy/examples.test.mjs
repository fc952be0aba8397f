// The example backends of docs/proxy.md behind a gateway (started by ProxyExamplesIT), with centrifuge-js.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserLikeWebSocket as WebSocket } from '../browser-like.mjs';
import { closeAll, connect, newClient, nextEvent, subscribe, uniq } from '../support.mjs';

afterEach(closeAll);

/** A client whose WebSocket upgrade carries the browser's session cookie. */
function browser(cookie) {
  class WithCookie extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols, { headers: { Cookie: cookie } });
    }
  }
  return newClient({ websocket: WithCookie });
}

test('a session cookie connects, subscribes, publishes through the backend and calls an RPC', async () => {
  const client = browser('session=secret-alice');
  const ctx = await connect(client);
  assert.deepEqual(ctx.data, { motd: 'welcome, alice' });

  const sub = client.newSubscription(`chat:${uniq('room')}`);
  await subscribe(sub);
  const received = nextEvent(sub, 'publication');
  await sub.publish({ text: 'hi' });
  const pub = await received;
  assert.equal(pub.data.text, 'hi');
  assert.equal(pub.data.by, 'alice');
  assert.equal(typeof pub.data.at, 'number');
  await assert.rejects(sub.publish({ text: 42 }), (e) => e.code === 400);

  assert.deepEqual((await client.rpc('echo', { n: 1 })).data, { n: 1 });
  await assert.rejects(client.rpc('nope', {}), (e) => e.code === 404);
});

test('an unknown session is disconnected with 4501', async () => {
  const client = browser('session=forged');
  const disconnected = nextEvent(client, 'disconnected');
  client.connect();
  assert.equal((await disconnected).code, 4501);
});
