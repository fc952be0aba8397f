// Shared helpers for the centrifuge-js conformance suites. The gateway is started by CentrifugeJsIT, which passes
// its address and secrets as environment variables.
import { createHmac, randomBytes } from 'node:crypto';
import { Centrifuge } from 'centrifuge';
import { Centrifuge as ProtobufCentrifuge } from 'centrifuge/build/protobuf';
import { BrowserLikeWebSocket as WebSocket } from './browser-like.mjs';

function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run through CentrifugeJsIT (./mvnw verify)`);
  }
  return value;
}

export const WS_URL = env('PULSEGATE_WS_URL');
export const HTTP_URL = env('PULSEGATE_HTTP_URL');
export const API_KEY = env('PULSEGATE_API_KEY');
const SECRET = env('PULSEGATE_HMAC_SECRET');

/** Default bound for waiting on one event. */
export const WAIT_MS = 5000;

/** A unique name part, so tests never share channels or users. */
export function uniq(prefix) {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

const b64url = (value) => Buffer.from(value).toString('base64url');

/** Seconds since the epoch. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** HS256 JWT over `claims`, signed with the gateway's secret (or `secret`). */
export function jwt(claims, secret = SECRET) {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ iat: nowSeconds(), ...claims }));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** Connection token for `sub`, expiring `ttlSeconds` from now (negative: already expired; 0: no exp). */
export function connectionToken(sub, ttlSeconds = 3600) {
  if (ttlSeconds === 0) {
    return jwt({ sub });
  }
  const exp = nowSeconds() + ttlSeconds;
  // an expired token was issued before it expired (a token with iat after exp is malformed, not expired)
  return jwt({ sub, exp, iat: Math.min(nowSeconds(), exp - 60) });
}

/** Subscription token granting `channel` to `sub`. */
export function subscriptionToken(sub, channel, ttlSeconds = 3600) {
  return jwt({ sub, channel, exp: nowSeconds() + ttlSeconds });
}

/** `POST /api/<method>` with the API key (on the gateway at `base`); resolves with the parsed JSON reply. */
export async function api(method, body, base = HTTP_URL) {
  const response = await withTimeout(fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': API_KEY },
    body: JSON.stringify(body),
  }), WAIT_MS, `api ${method}`);
  if (response.status !== 200) {
    throw new Error(`api ${method}: HTTP ${response.status} ${await response.text()}`);
  }
  return response.json();
}

/** The gateway's pulsegate.client.expired-close-delay in these suites: a lapsed connection closes this long after exp. */
export const CLOSE_DELAY_MS = 2000;

/** A promise plus its resolve function. */
export function deferred() {
  let resolve;
  const promise = new Promise((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Resolves at `epochMs`; for observing that nothing happens until a deadline, never for synchronisation. */
export function until(epochMs) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, epochMs - Date.now())));
}

/** Rejects with a descriptive error unless `promise` settles within `ms`. */
export function withTimeout(promise, ms, label) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with the context of the next `event` on `emitter` that satisfies `predicate`; rejects after `ms`.
 * Register it before triggering the action that causes the event.
 */
export function nextEvent(emitter, event, { ms = WAIT_MS, predicate = () => true } = {}) {
  let listener;
  const promise = new Promise((resolve) => {
    listener = (ctx) => {
      if (predicate(ctx)) {
        emitter.removeListener(event, listener);
        resolve(ctx);
      }
    };
    emitter.on(event, listener);
  });
  return withTimeout(promise, ms, `'${event}' event`).finally(() => emitter.removeListener(event, listener));
}

/** Records every `event` on `emitter`; `waitFor(n)` resolves once `n` have been seen. */
export function record(emitter, event) {
  const seen = [];
  const waiters = [];
  emitter.on(event, (ctx) => {
    seen.push(ctx);
    for (const w of [...waiters]) {
      if (seen.length >= w.n) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(seen.slice());
      }
    }
  });
  return {
    seen,
    waitFor(n, ms = WAIT_MS) {
      if (seen.length >= n) {
        return Promise.resolve(seen.slice());
      }
      const promise = new Promise((resolve) => waiters.push({ n, resolve }));
      return withTimeout(promise, ms, `${n} '${event}' events (have ${seen.length})`);
    },
  };
}

const clients = new Set();

/**
 * A centrifuge-js client on the gateway with the `ws` WebSocket and short reconnect delays. Not connected yet.
 * Every client made here is disconnected by `closeAll()`.
 */
export function newClient(options = {}, url = WS_URL, Sdk = Centrifuge) {
  const client = new Sdk(url, {
    websocket: WebSocket,
    minReconnectDelay: 100,
    maxReconnectDelay: 500,
    timeout: 3000,
    ...options,
  });
  clients.add(client);
  return client;
}

/** Connects `client` and resolves with the `connected` context. */
export async function connect(client, ms = WAIT_MS) {
  const connected = nextEvent(client, 'connected', { ms });
  client.connect();
  return connected;
}

/** Subscribes `sub` and resolves with the `subscribed` context. */
export async function subscribe(sub, ms = WAIT_MS) {
  const subscribed = nextEvent(sub, 'subscribed', { ms });
  sub.subscribe();
  return subscribed;
}

/** Connected client for a fresh user with a long-lived token. */
export async function connectedClient(user = uniq('user'), options = {}, url = WS_URL) {
  const client = newClient({ token: connectionToken(user), ...options }, url);
  const ctx = await connect(client);
  return { client, user, ctx };
}

/** A client of centrifuge-js's Protobuf build (subprotocol centrifuge-protobuf); closed by `closeAll()` too. */
export function newProtobufClient(options = {}) {
  return newClient(options, WS_URL, ProtobufCentrifuge);
}

/** Connected Protobuf-build client for a fresh user with a long-lived token. */
export async function connectedProtobufClient(user = uniq('pb')) {
  const client = newProtobufClient({ token: connectionToken(user) });
  const ctx = await connect(client);
  return { client, user, ctx };
}

/** Disconnects every client created by `newClient` (use in `after`/`afterEach`). */
export function closeAll() {
  for (const client of clients) {
    client.disconnect();
    client.removeAllListeners();
  }
  clients.clear();
}
