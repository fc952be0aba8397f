// centrifuge-js over the bidirectional emulation transports (SSE and HTTP streaming) on a two-node Redis setup
// (started by MultiNodeIT): the stream is opened on node B while every /emulation POST goes to node A, which must
// forward it to B through the engine. Same flows as over WebSocket: connect, subscribe, publish, presence, recovery.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { api, closeAll, connect, connectionToken, newClient, record, subscribe, uniq } from '../support.mjs';
import { FetchEventSource } from '../eventsource.mjs';

const STREAM_URL = process.env.PULSEGATE_STREAM_URL; // node B
const EMULATION_URL = process.env.PULSEGATE_EMULATION_URL; // node A

afterEach(closeAll);

function emulationClient(transport, user = uniq('user')) {
  const endpoint = `${STREAM_URL}/connection/${transport}`;
  return newClient({
    token: connectionToken(user),
    emulationEndpoint: `${EMULATION_URL}/emulation`,
    eventsource: FetchEventSource,
  }, [{ transport, endpoint }]);
}

for (const transport of ['sse', 'http_stream']) {
  test(`${transport}: connect, subscribe, publish, presence with commands posted to the other node`, async () => {
    const client = emulationClient(transport);
    const ctx = await connect(client);
    assert.equal(ctx.transport, transport);
    const channel = `chat:${uniq(transport)}`;
    const sub = client.newSubscription(channel);
    const subscribed = await subscribe(sub);
    assert.equal(subscribed.recoverable, true);
    const seen = record(sub, 'publication');
    await sub.publish({ from: 'client' });
    await api('publish', { channel, data: { from: 'api' } });
    const pubs = await seen.waitFor(2);
    assert.deepEqual(pubs.map((p) => p.data.from), ['client', 'api']);
    const presence = await sub.presence();
    assert.equal(Object.keys(presence.clients).length, 1);
  });

  test(`${transport}: a reconnecting client recovers what it missed`, async () => {
    const channel = `chat:${uniq('recover')}`;
    const first = emulationClient(transport);
    await connect(first);
    const sub = first.newSubscription(channel);
    const position = (await subscribe(sub)).streamPosition;
    first.disconnect();
    for (let n = 1; n <= 3; n++) {
      await api('publish', { channel, data: { n } });
    }
    const second = emulationClient(transport);
    await connect(second);
    const resumed = second.newSubscription(channel, { since: position });
    const seen = record(resumed, 'publication');
    const ctx = await subscribe(resumed);
    assert.equal(ctx.recovered, true);
    assert.deepEqual((await seen.waitFor(3)).map((p) => p.data.n), [1, 2, 3]);
  });
}
