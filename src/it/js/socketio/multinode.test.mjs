// socket.io-client against three Redis-backed gateways behind a round-robin balancer without affinity (started by
// SocketIoMultiNodeIT): polling requests of one session land on every node, a centrifuge-js client publishes to the
// same channel, a node drains and one is killed with SIGKILL while clients recover what they missed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { Centrifuge } from 'centrifuge';
import { BrowserLikeWebSocket as WebSocket } from '../browser-like.mjs';
import { api, connectionToken, jwt, nextEvent, nowSeconds, record, subscribe, uniq, withTimeout, WAIT_MS } from '../support.mjs';
import { connected, until } from './common.mjs';
import { roundRobin } from './balancer.mjs';

const NODES = JSON.parse(process.env.PULSEGATE_NODES); // [{url, pid}]
const balancer = await roundRobin(NODES.map((n) => n.url));
const sockets = new Set();
after(() => {
  for (const s of sockets) s.disconnect();
  balancer.close();
});

/** A socket through the balancer; `agent: false` makes every polling request a new connection, so it moves. */
function socketFor(channels, options = {}) {
  const socket = io(balancer.url, {
    path: '/rt/socket.io/', autoConnect: false, agent: false, reconnectionDelay: 300, reconnectionDelayMax: 300, randomizationFactor: 0,
    auth: { token: jwt({ sub: uniq('mn'), channels, exp: nowSeconds() + 3600 }) }, ...options,
  });
  sockets.add(socket);
  return socket;
}

test('a polling-only session whose every request goes to the next node works as on one node', async () => {
  const room = uniq('chat:poll');
  const before = [...balancer.counts];
  const socket = await connected(socketFor([room], { transports: ['polling'] }));
  const got = [];
  socket.on('message', (d) => got.push(d));
  for (let i = 0; i < 6; i++) {
    await api('publish', { channel: room, data: { i } });
  }
  await until(got, 6, 'six events');
  assert.deepEqual(got, [0, 1, 2, 3, 4, 5].map((i) => ({ i })));
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(await withTimeout(socket.emitWithAck('echo', { i }), WAIT_MS, 'ack'), { i });
  }
  const served = balancer.counts.map((c, i) => c - before[i]);
  assert.ok(served.every((c) => c >= 2), `every node served this session's requests: ${served}`);
  const relayed = await Promise.all(NODES.map((n) => metric(n.url, 'pulsegate_socketio_relayed_total{kind="poll"}')));
  assert.ok(relayed.reduce((a, b) => a + b) > 0, `polls were relayed to the owner: ${relayed}`);
});

/** The value of one Prometheus sample of a node, 0 when absent. */
async function metric(url, sample) {
  const text = await (await fetch(`${url}/q/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(sample));
  return line ? Number(line.slice(sample.length).trim()) : 0;
}

test('a centrifuge-js client on another node publishes into the Socket.IO client\'s room', async () => {
  const room = uniq('chat:mixed');
  const socket = await connected(socketFor([room], { transports: ['websocket'] }));
  const client = new Centrifuge(NODES[1].url.replace('http', 'ws') + '/connection/websocket', {
    websocket: WebSocket, token: connectionToken(uniq('cf')),
  });
  try {
    const sub = client.newSubscription(room);
    client.connect();
    await subscribe(sub);
    const got = nextEvent(socket, 'message');
    await sub.publish({ from: 'centrifuge-js' });
    assert.deepEqual(await got, { from: 'centrifuge-js' });
  } finally {
    client.disconnect();
  }
});

/** Which node a WebSocket session landed on: the one whose upgrade count grew. */
function landedOn(before) {
  const i = balancer.upgrades.findIndex((c, k) => c > before[k]);
  assert.ok(i >= 0, 'an upgrade went through the balancer');
  return i;
}

async function recoverAfter(stop) {
  const room = uniq('chat:rec');
  const before = [...balancer.upgrades];
  const socket = await connected(socketFor([room], { transports: ['websocket'] }));
  const node = landedOn(before);
  const survivor = NODES.find((n, i) => i !== node && n.alive !== false);
  const got = [];
  socket.on('message', (d) => got.push(d.n));
  await api('publish', { channel: room, data: { n: 1 } }, survivor.url);
  await until(got, 1, 'live');
  const dropped = nextEvent(socket, 'disconnect', { ms: 15000 });
  stop(NODES[node].pid);
  await dropped;
  const back = nextEvent(socket, 'connect', { ms: 15000 });
  for (const n of [2, 3, 4]) {
    await api('publish', { channel: room, data: { n } }, survivor.url);
  }
  await back;
  await until(got, 4, 'recovered');
  assert.equal(socket.recovered, true);
  assert.deepEqual(got, [1, 2, 3, 4]);
  NODES[node].alive = false;
}

test('a draining node sends its Socket.IO clients elsewhere and they recover what they missed', async () => {
  await recoverAfter((pid) => process.kill(pid, 'SIGTERM'));
});

test('after kill -9 of its node a client reconnects to another and recovers what it missed', async () => {
  await recoverAfter((pid) => process.kill(pid, 'SIGKILL'));
});
