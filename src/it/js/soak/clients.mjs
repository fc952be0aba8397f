// centrifuge-js subscribers for ChaosSoakIT: half over WebSocket, half over SSE with the bidirectional emulation,
// all through the soak's round-robin front proxy. The SDK reconnects and recovers by itself; every subscribe context
// and publication is printed as one JSON line for the Java loss checker. Runs until the test kills it.
import { Centrifuge } from 'centrifuge';
import { BrowserLikeWebSocket as WebSocket } from '../browser-like.mjs';
import { connectionToken } from '../support.mjs';
import { FetchEventSource } from '../eventsource.mjs';

const FRONT = process.env.SOAK_FRONT_URL;
const COUNT = Number(process.env.SOAK_JS_CLIENTS);
const CHANNELS = process.env.SOAK_CHANNELS.split(',');

const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

function transportsFor(sse) {
  return sse
    ? [{ transport: 'sse', endpoint: `${FRONT}/connection/sse` }]
    : [{ transport: 'websocket', endpoint: `${FRONT.replace('http', 'ws')}/connection/websocket` }];
}

for (let i = 0; i < COUNT; i++) {
  const sse = i % 2 === 1;
  const name = `js-${sse ? 'sse' : 'ws'}-${i}`;
  const client = new Centrifuge(transportsFor(sse), {
    token: connectionToken(name, 7200),
    websocket: WebSocket,
    eventsource: FetchEventSource,
    emulationEndpoint: `${FRONT}/emulation`,
    minReconnectDelay: 100,
    maxReconnectDelay: 1000,
    timeout: 5000,
  });
  for (const channel of [CHANNELS[i % CHANNELS.length], CHANNELS[(i + 1) % CHANNELS.length]]) {
    const sub = client.newSubscription(channel);
    sub.on('subscribed', (ctx) => emit({
      s: name, c: channel, t: 'sub', e: ctx.streamPosition?.epoch, o: ctx.streamPosition?.offset,
      w: ctx.wasRecovering === true, r: ctx.recovered === true,
    }));
    sub.on('publication', (ctx) => emit({ s: name, c: channel, t: 'pub', o: ctx.offset }));
    sub.subscribe();
  }
  client.connect();
}

process.on('SIGTERM', () => process.exit(0));
