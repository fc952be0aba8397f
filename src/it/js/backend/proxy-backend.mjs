// The application backend of the proxy tests: answers Centrifugo's proxy contract over HTTP (JSON POSTs) and gRPC
// (CentrifugoProxy from src/main/proto/proxy.proto, served by @grpc/grpc-js), with one decision function for both.
// Behaviour is keyed by what the client sends (cookie values, channel names, RPC methods), so tests need no setup
// calls. Every request is recorded; GET /calls on the HTTP port returns them.
//
//   node backend/proxy-backend.mjs <httpPort> <grpcPort>    prints "backend ready" when both listen
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';

const [httpPort, grpcPort] = process.argv.slice(2).map(Number);
const PROTO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../main/proto/proxy.proto');
const SLOW_MS = 2000;
const calls = [];
const seen = new Map(); // how often a key was seen, for "slow the first time" and "expire after two refreshes"
const lapsing = new Set(); // users whose refresh lets the connection expire

const now = () => Math.floor(Date.now() / 1000);
const count = (key) => {
  const n = (seen.get(key) || 0) + 1;
  seen.set(key, n);
  return n;
};

function cookie(headers, name) {
  for (const part of String(headers.cookie || '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      return v.join('=');
    }
  }
  return null;
}

function connect(req, headers) {
  const bearer = /^Bearer (.+)$/.exec(headers.authorization || '');
  const value = cookie(headers, 'session') ?? (bearer ? `user-${bearer[1]}` : headers['x-session']);
  if (!value) {
    return { disconnect: { code: 4501, reason: 'unauthorized' } };
  }
  const [kind, name = ''] = value.split(/-(.*)/s);
  const user = { user: name, info: { name }, data: { greeting: `hello ${name}`, client: req.client }, meta: { tier: 'gold' } };
  switch (kind) {
    case 'user':
      return { result: user };
    case 'anon':
      return { result: { user: '' } };
    case 'expiring':
      return { result: { ...user, expire_at: now() + 3 } };
    case 'lapsing':
      lapsing.add(name);
      return { result: { ...user, expire_at: now() + 2 } };
    case 'channels':
      return { result: { ...user, channels: [`px:server-${name}`] } };
    case 'slow':
      return count(`connect:${value}`) === 1 ? { delay: SLOW_MS, result: user } : { result: user };
    case 'kick':
      return { disconnect: { code: 4501, reason: 'unauthorized' } };
    case 'error':
      return { error: { code: 1000, message: 'backend says no' } };
    default:
      return { disconnect: { code: 4501, reason: 'unauthorized' } };
  }
}

function refresh(req) {
  if (lapsing.has(req.user)) {
    return { result: { expired: true } };
  }
  return { result: { expire_at: now() + 3, info: { name: req.user, refreshed: count(`refresh:${req.client}`) } } };
}

function subscribe(req) {
  if (req.channel.includes('denied')) {
    return { error: { code: 403, message: 'permission denied' } };
  }
  if (req.channel.includes('kick')) {
    return { disconnect: { code: 4502, reason: 'subscription forbidden' } };
  }
  const result = { info: { role: 'member' }, data: { welcome: req.channel, asked: req.data ?? null } };
  if (req.channel.includes('short')) {
    return { result: { ...result, expire_at: now() + 2 } };
  }
  return { result };
}

function subRefresh(req) {
  return count(`sub_refresh:${req.client}:${req.channel}`) <= 2
    ? { result: { expire_at: now() + 2, info: { role: 'renewed' } } }
    : { result: { expired: true } };
}

function publish(req) {
  if (req.channel.includes('reject')) {
    return { error: { code: 1001, message: 'not allowed' } };
  }
  const text = String(req.data?.text ?? '');
  return { result: { data: { text: text.toUpperCase(), by: req.user }, skip_history: req.data?.skip === true } };
}

function rpc(req, headers) {
  switch (req.method) {
    case 'echo':
      return { result: { data: req.data ?? null } };
    case 'message:send': // the Socket.IO chat example's event: accepted, stamped with the sender
      return { result: { data: { accepted: true, text: req.data?.text ?? null, by: req.user } } };
    case 'upload': { // Socket.IO binary attachments arrive as {"_binary": "<base64>"}, wherever they were
      const file = req.data?._binary ?? req.data?.file?._binary ?? '';
      return { result: { data: { bytes: Buffer.from(file, 'base64').length, base64: file } } };
    }
    case 'whoami':
      return { result: { data: { user: req.user, client: req.client, transport: req.transport, protocol: req.protocol, encoding: req.encoding, meta: req.meta ?? null } } };
    case 'headers':
      return { result: { data: headers } };
    case 'fail':
      return { error: { code: 1002, message: 'application error' } };
    case 'slow':
      return { delay: SLOW_MS, result: { data: { late: true } } };
    case 'kick':
      return { disconnect: { code: 4503, reason: 'go away' } };
    default:
      return { error: { code: 1404, message: 'unknown method' } };
  }
}

const DECIDE = { connect, refresh, subscribe, sub_refresh: subRefresh, publish, rpc };

/** Decides one event; `req` is the JSON request shape, `headers` lower-case names to values. */
async function decide(event, req, headers) {
  calls.push({ event, request: req, headers });
  const answer = DECIDE[event](req, headers);
  if (answer.delay) {
    await new Promise((resolve) => setTimeout(resolve, answer.delay));
    delete answer.delay;
  }
  return answer;
}

// ---- HTTP ----

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/calls') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(calls));
    return;
  }
  const event = request.url.split('/').pop();
  if (request.method !== 'POST' || !DECIDE[event]) {
    response.writeHead(404).end();
    return;
  }
  const chunks = [];
  request.on('data', (c) => chunks.push(c));
  request.on('end', async () => {
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    const answer = await decide(event, JSON.parse(Buffer.concat(chunks).toString('utf8')), headers);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer));
  });
});

// ---- gRPC: the same decisions, payloads as JSON bytes ----

const json = (value) => (value === undefined || value === null ? undefined : Buffer.from(JSON.stringify(value)));
const parse = (bytes) => (bytes && bytes.length > 0 ? JSON.parse(Buffer.from(bytes).toString('utf8')) : undefined);

function fromGrpc(call) {
  const req = { ...call.request };
  for (const field of ['data', 'meta']) {
    req[field] = parse(req[field]);
  }
  const headers = {};
  for (const [k, v] of Object.entries(call.metadata.getMap())) {
    headers[k] = String(v);
  }
  return { req, headers };
}

function toGrpc(answer) {
  if (!answer.result) {
    return answer;
  }
  const result = { ...answer.result };
  for (const field of ['data', 'info', 'meta']) {
    if (field in result) {
      result[field] = json(result[field]);
    }
  }
  return { ...answer, result };
}

function unary(event) {
  return async (call, callback) => {
    const { req, headers } = fromGrpc(call);
    callback(null, toGrpc(await decide(event, req, headers)));
  };
}

const definition = protoLoader.loadSync(PROTO, { keepCase: true, longs: Number, defaults: true });
const proxyService = grpc.loadPackageDefinition(definition).centrifugal.centrifugo.proxy.CentrifugoProxy.service;
const grpcServer = new grpc.Server();
grpcServer.addService(proxyService, {
  Connect: unary('connect'),
  Refresh: unary('refresh'),
  Subscribe: unary('subscribe'),
  Publish: unary('publish'),
  RPC: unary('rpc'),
  SubRefresh: unary('sub_refresh'),
});

server.listen(httpPort, '127.0.0.1', () => {
  grpcServer.bindAsync(`127.0.0.1:${grpcPort}`, grpc.ServerCredentials.createInsecure(), (err) => {
    if (err) {
      console.error(`grpc bind failed: ${err}`);
      process.exit(1);
    }
    console.log('backend ready');
  });
});
