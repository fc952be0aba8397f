// The backend proxy driven by the real centrifuge-js SDK (JSON or Protobuf build, PULSEGATE_FORMAT) against a gateway
// whose proxies point at backend/proxy-backend.mjs over HTTP or gRPC (PULSEGATE_PROXY_WIRE), all started by ProxyIT.
// Cookies and other real headers are set on the WebSocket upgrade the way a browser on the same site would send them.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Centrifuge } from 'centrifuge';
import { Centrifuge as ProtobufCentrifuge } from 'centrifuge/build/protobuf';
import { BrowserLikeWebSocket as WebSocket } from '../browser-like.mjs';
import {
  HTTP_URL, WS_URL, api, connectionToken, nextEvent, record, subscribe, uniq, withTimeout, WAIT_MS,
} from '../support.mjs';

const BACKEND_URL = process.env.PULSEGATE_BACKEND_URL;
const DOWN_HTTP_URL = process.env.PULSEGATE_DOWN_HTTP_URL; // a gateway whose every proxy points at a closed port
const PROTOBUF = process.env.PULSEGATE_FORMAT === 'protobuf';
const WIRE = process.env.PULSEGATE_PROXY_WIRE;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Payloads are objects for the JSON build, JSON bytes for the Protobuf build. */
const enc = (value) => (PROTOBUF ? encoder.encode(JSON.stringify(value)) : value);
const dec = (data) => (PROTOBUF ? JSON.parse(decoder.decode(data)) : data);

const clients = new Set();
afterEach(() => {
  for (const client of clients) {
    client.disconnect();
    client.removeAllListeners();
  }
  clients.clear();
});

/** A `ws` WebSocket that sends these headers on the upgrade (centrifuge-js passes only url and subprotocol). */
function webSocketWith(headers) {
  return class extends WebSocket {
    constructor(url, protocols) {
      super(url, protocols, { headers });
    }
  };
}

function proxyClient({ cookie, headers = {}, url = WS_URL, ...options } = {}) {
  const real = { ...headers };
  if (cookie) {
    real.Cookie = cookie;
  }
  const Impl = PROTOBUF ? ProtobufCentrifuge : Centrifuge;
  const client = new Impl(url, {
    websocket: webSocketWith(real),
    minReconnectDelay: 100,
    maxReconnectDelay: 500,
    timeout: 3000,
    ...options,
  });
  clients.add(client);
  return client;
}

async function connected(options) {
  const client = proxyClient(options);
  const ctx = nextEvent(client, 'connected');
  client.connect();
  return { client, ctx: await ctx };
}

async function backendCalls(filter) {
  const response = await withTimeout(fetch(`${BACKEND_URL}/calls`), WAIT_MS, 'backend calls');
  return (await response.json()).filter(filter);
}

/** Polls the backend's call log until `filter` matches at least `n` calls; bounded by `ms`. */
async function awaitCalls(filter, n, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  for (let attempt = 0; attempt < 200; attempt++) {
    const calls = await backendCalls(filter);
    if (calls.length >= n || Date.now() > deadline) {
      assert.ok(calls.length >= n, `expected ${n} backend calls, saw ${calls.length}`);
      return calls;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('unreachable');
}

const protocol = PROTOBUF ? 'protobuf' : 'json';

test(`${WIRE}/${protocol}: a cookie session connects through the connect proxy, which supplies user, data and meta`, async () => {
  const { client, ctx } = await connected({ cookie: `session=user-${uniq('alice')}` });
  const data = dec(ctx.data);
  assert.match(data.greeting, /^hello alice-/);
  assert.equal(data.client, ctx.client, 'the backend saw the client id');
  const who = dec((await client.rpc('whoami', enc({}))).data);
  assert.match(who.user, /^alice-/);
  assert.equal(who.client, ctx.client);
  assert.equal(who.transport, 'websocket');
  assert.equal(who.protocol, protocol);
  assert.equal(who.encoding, 'json');
  assert.deepEqual(who.meta, { tier: 'gold' }, 'include-connection-meta sends the connect proxy meta');
});

test(`${WIRE}/${protocol}: a connection with a token does not ask the connect proxy`, async () => {
  const user = uniq('jwt');
  const { ctx } = await connected({ token: connectionToken(user) });
  const calls = await backendCalls((c) => c.event === 'connect' && c.request.client === ctx.client);
  assert.equal(calls.length, 0);
});

test(`${WIRE}/${protocol}: rpc round trip with data, an application error, an unknown namespace`, async () => {
  const { client } = await connected({ cookie: `session=user-${uniq('rpc')}` });
  const echoed = await client.rpc('echo', enc({ n: 42, text: 'hi' }));
  assert.deepEqual(dec(echoed.data), { n: 42, text: 'hi' });
  await assert.rejects(client.rpc('fail', enc({})), (e) => e.code === 1002 && e.message === 'application error');
  await assert.rejects(client.rpc('nope:method', enc({})), (e) => e.code === 104);
});

test(`${WIRE}/${protocol}: a slow backend answers a temporary error 100 after the proxy timeout`, async () => {
  const { client } = await connected({ cookie: `session=user-${uniq('slow')}` });
  const started = Date.now();
  await assert.rejects(client.rpc('slow', enc({})), (e) => e.code === 100 && e.temporary === true);
  assert.ok(Date.now() - started < 1500, 'answered at the 500 ms timeout, not after the backend');
  assert.equal(client.state, 'connected');
});

test(`${WIRE}/${protocol}: an unreachable backend answers 100 at once; the connection stays`, async () => {
  const { client } = await connected({ cookie: `session=user-${uniq('down')}` });
  await assert.rejects(client.rpc('down:anything', enc({})), (e) => e.code === 100 && e.temporary === true);
  assert.equal(client.state, 'connected');
});

test(`${WIRE}/${protocol}: the backend disconnects a client from an rpc`, async () => {
  const { client } = await connected({ cookie: `session=user-${uniq('kick')}` });
  const disconnected = nextEvent(client, 'disconnected');
  client.rpc('kick', enc({})).catch(() => {});
  assert.equal((await disconnected).code, 4503);
});

test(`${WIRE}/${protocol}: connect refused by disconnect (no session) and by an application error`, async () => {
  const anonymous = proxyClient();
  const refused = nextEvent(anonymous, 'disconnected');
  anonymous.connect();
  const ctx = await refused;
  assert.equal(ctx.code, 4501);
  assert.equal(ctx.reason, 'unauthorized');

  const failing = proxyClient({ cookie: 'session=error' });
  const failed = nextEvent(failing, 'disconnected');
  failing.connect();
  const error = await failed;
  assert.equal(error.code, 1000);
  assert.equal(error.reason, 'backend says no');
});

test(`${WIRE}/${protocol}: a connect timeout is a temporary error; the SDK retries and connects`, async () => {
  const cookie = `session=slow-${uniq('retry')}`;
  const client = proxyClient({ cookie });
  const errors = record(client, 'error');
  const connectedCtx = nextEvent(client, 'connected', { ms: 8000 });
  client.connect();
  await connectedCtx;
  const [first] = await errors.waitFor(1);
  assert.equal(first.type, 'connect');
  assert.equal(first.error.code, 100);
  assert.equal(first.error.temporary, true);
  const calls = await backendCalls((c) => c.event === 'connect' && c.headers.cookie === cookie);
  assert.ok(calls.length >= 2, `the SDK retried (${calls.length} connect calls)`);
});

test(`${WIRE}/${protocol}: a backend that is down leaves no connection and no call behind`, async () => {
  const down = [];
  for (let i = 0; i < 10; i++) {
    const client = proxyClient({ cookie: 'session=user-x', url: `${DOWN_HTTP_URL.replace('http', 'ws')}/connection/websocket` });
    down.push(nextEvent(client, 'error').then((ctx) => ctx.error));
    client.connect();
  }
  for (const error of await Promise.all(down)) {
    assert.equal(error.code, 100);
    assert.equal(error.temporary, true);
  }
  for (const client of clients) {
    client.disconnect();
  }
  const info = await fetch(`${DOWN_HTTP_URL}/q/metrics`).then((r) => r.text());
  assert.match(info, /pulsegate_proxy_in_flight\{proxy="connect"\} 0\.0/);
  assert.match(info, /pulsegate_connections 0\.0/);
});

test(`${WIRE}/${protocol}: subscribe through the proxy gets its data and channel info; publish is rewritten`, async () => {
  const user = uniq('pub');
  const { client } = await connected({ cookie: `session=user-${user}` });
  const channel = `px:${uniq('room')}`;
  const sub = client.newSubscription(channel, { data: enc({ want: 'in' }) });
  const subscribed = await subscribe(sub);
  assert.deepEqual(dec(subscribed.data), { welcome: channel, asked: { want: 'in' } });
  const presence = await sub.presence();
  const me = Object.values(presence.clients)[0];
  assert.deepEqual(dec(me.chanInfo), { role: 'member' });

  const received = nextEvent(sub, 'publication');
  await sub.publish(enc({ text: 'hello' }));
  const pub = await received;
  assert.deepEqual(dec(pub.data), { text: 'HELLO', by: user });
  assert.equal(pub.info.user, user);
  assert.ok(Number(pub.offset) > 0, 'kept in history');

  const unkept = nextEvent(sub, 'publication');
  await sub.publish(enc({ text: 'gone', skip: true }));
  assert.equal(Number((await unkept).offset ?? 0), 0, 'skip_history: no offset');

  await assert.rejects(client.publish(`px:reject-${uniq('r')}`, enc({ text: 'x' })), (e) => e.code === 1001);
});

test(`${WIRE}/${protocol}: subscribe refused by the backend with an error, and with a disconnect`, async () => {
  const { client } = await connected({ cookie: `session=user-${uniq('sub')}` });
  const denied = client.newSubscription(`px:denied-${uniq('d')}`);
  const unsubscribed = nextEvent(denied, 'unsubscribed');
  denied.subscribe();
  const ctx = await unsubscribed;
  assert.equal(ctx.code, 403);
  assert.equal(ctx.reason, 'permission denied');

  const kicked = client.newSubscription(`px:kick-${uniq('k')}`);
  const disconnected = nextEvent(client, 'disconnected');
  kicked.subscribe();
  assert.equal((await disconnected).code, 4502);
});

test(`${WIRE}/${protocol}: the refresh proxy extends a connection past its expiry`, async () => {
  const { client, ctx } = await connected({ cookie: `session=expiring-${uniq('bob')}` });
  const lapsed = record(client, 'disconnected');
  await awaitCalls((c) => c.event === 'refresh' && c.request.client === ctx.client, 2, 8000);
  assert.equal(client.state, 'connected');
  assert.equal(lapsed.seen.length, 0);
  const who = dec((await client.rpc('whoami', enc({}))).data);
  assert.match(who.user, /^bob-/);
});

test(`${WIRE}/${protocol}: a connection the refresh proxy lets expire is closed with 3005`, async () => {
  const client = proxyClient({ cookie: `session=lapsing-${uniq('carol')}` });
  const reconnecting = nextEvent(client, 'connecting', { ms: 8000, predicate: (c) => c.code === 3005 });
  client.connect();
  assert.equal((await reconnecting).reason, 'connection expired');
});

test(`${WIRE}/${protocol}: the sub_refresh proxy extends a subscription, then ends it with 2501`, async () => {
  const { client, ctx } = await connected({ cookie: `session=user-${uniq('subref')}` });
  const channel = `px:short-${uniq('s')}`;
  const sub = client.newSubscription(channel);
  await subscribe(sub);
  const resubscribing = nextEvent(sub, 'subscribing', { ms: 10000, predicate: (c) => c.code === 2501 });
  await awaitCalls((c) => c.event === 'sub_refresh' && c.request.client === ctx.client, 2, 8000);
  assert.equal(sub.state, 'subscribed', 'extended twice');
  await resubscribing;
  const calls = await backendCalls((c) => c.event === 'sub_refresh' && c.request.client === ctx.client);
  assert.equal(calls[0].request.channel, channel);
});

test(`${WIRE}/${protocol}: server-side channels from the connect proxy`, async () => {
  const name = uniq('dave');
  const client = proxyClient({ cookie: `session=channels-${name}` });
  const subscribed = nextEvent(client, 'subscribed');
  client.connect();
  const channel = `px:server-${name}`;
  assert.equal((await subscribed).channel, channel);
  const received = nextEvent(client, 'publication');
  await api('publish', { channel, data: { n: 1 } });
  assert.deepEqual(dec((await received).data), { n: 1 });
});

test(`${WIRE}/${protocol}: real connection headers reach the backend; emulated ones never pose as them`, async () => {
  const client = proxyClient({ headers: { 'X-User-Id': 'real-id' }, cookie: `session=user-${uniq('hdr')}` });
  client.setHeaders({ 'X-User-Id': 'forged', 'X-Other': 'forged' });
  const connectedCtx = nextEvent(client, 'connected');
  client.connect();
  await connectedCtx;
  const seen = dec((await client.rpc('headers', enc({}))).data);
  assert.equal(seen['x-user-id'], 'real-id');
  assert.match(seen.cookie, /^session=user-hdr-/);
  assert.equal(seen['x-other'], undefined);
});

test(`${WIRE}/${protocol}: a forged Cookie or X-User-Id in the connect command never reaches the backend as a header`, async () => {
  const user = uniq('eve');
  const client = proxyClient();
  // headers emulation: what a client writes into its connect command, fully under its control
  client.setHeaders({ Cookie: 'session=user-mallory', 'X-User-Id': 'admin', Authorization: `Bearer ${user}` });
  const connectedCtx = nextEvent(client, 'connected');
  client.connect();
  const ctx = await connectedCtx;
  const [call] = await backendCalls((c) => c.event === 'connect' && c.request.client === ctx.client);
  assert.equal(call.headers.cookie, undefined);
  assert.equal(call.headers['x-user-id'], undefined);
  assert.equal(call.headers.authorization, `Bearer ${user}`, 'Authorization is on the emulated-headers list');
  const who = dec((await client.rpc('whoami', enc({}))).data);
  assert.equal(who.user, user);
  const rpcHeaders = dec((await client.rpc('headers', enc({}))).data);
  assert.equal(rpcHeaders.cookie, undefined);
  assert.equal(rpcHeaders['x-user-id'], undefined);
  assert.equal(rpcHeaders.authorization, undefined, 'the rpc proxy forwards no emulated headers');
});

test(`${WIRE}/${protocol}: a real header wins over an emulated header of the same name`, async () => {
  const client = proxyClient({ headers: { 'X-Session': 'user-realone' } });
  client.setHeaders({ 'X-Session': 'user-fake' });
  const connectedCtx = nextEvent(client, 'connected');
  client.connect();
  await connectedCtx;
  const who = dec((await client.rpc('whoami', enc({}))).data);
  assert.equal(who.user, 'realone');
});

test(`${WIRE}/${protocol}: /api/rpc passes a call through to the method's rpc proxy`, async () => {
  const reply = await api('rpc', { method: 'echo', params: { x: 1 } });
  assert.deepEqual(reply, { result: { data: { x: 1 } } });
  const unknown = await api('rpc', { method: 'nope:x', params: {} });
  assert.equal(unknown.error.code, 104);
});

test(`${WIRE}/${protocol}: uni_http_stream connects through the connect proxy with the request's cookie`, async () => {
  const response = await fetch(`${HTTP_URL}/connection/uni_http_stream`, {
    method: 'POST',
    headers: { Cookie: `session=user-${uniq('uni')}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  const reader = response.body.getReader();
  const first = decoder.decode((await reader.read()).value).split('\n')[0];
  await reader.cancel();
  const push = JSON.parse(first);
  assert.match(push.connect.data.greeting, /^hello uni-/);

  const down = await fetch(`${DOWN_HTTP_URL}/connection/uni_http_stream`, {
    method: 'POST', headers: { Cookie: 'session=user-x' }, body: '{}',
  });
  const text = await down.text();
  assert.deepEqual(JSON.parse(text.split('\n')[0]), { disconnect: { code: 3004, reason: 'internal server error' } });
});

test(`${WIRE}/${protocol}: while the refresh proxy is unreachable an expiring connection lives on and is retried`, async () => {
  const url = `${DOWN_HTTP_URL.replace('http', 'ws')}/connection/websocket`;
  const { client } = await connected({ token: connectionToken(uniq('keep'), 2), url });
  const lost = record(client, 'disconnected');
  const metric = /pulsegate_proxy_errors_total\{event="refresh",kind="connection",proxy="refresh"\} (\d+)/;
  const deadline = Date.now() + 8000;
  let failures = 0;
  while (failures < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const text = await fetch(`${DOWN_HTTP_URL}/q/metrics`).then((r) => r.text());
    failures = Number(metric.exec(text)?.[1] ?? 0);
  }
  assert.ok(failures >= 2, `the refresh was attempted and retried (${failures} failures)`);
  assert.equal(client.state, 'connected');
  assert.equal(lost.seen.length, 0);
});
