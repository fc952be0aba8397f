// A minimal application backend answering Pulsegate's (and Centrifugo's) HTTP proxy, Node.js without dependencies.
// Pulsegate POSTs one JSON body per event to http://127.0.0.1:3000/centrifugo/<event>; see docs/proxy.md.
//
//   node examples/proxy/backend.mjs 3000
import http from 'node:http';

const SESSIONS = { 'secret-alice': 'alice', 'secret-bob': 'bob' }; // your session store

function session(headers) {
  const match = /(?:^|;\s*)session=([^;]+)/.exec(headers.cookie || '');
  return match ? SESSIONS[match[1]] : undefined;
}

const handlers = {
  // who is this browser? Its cookie arrives because the connect proxy lists Cookie in http-headers
  connect: (req, headers) => {
    const user = session(headers);
    return user
      ? { result: { user, info: { name: user }, data: { motd: `welcome, ${user}` } } }
      : { disconnect: { code: 4501, reason: 'unauthorized' } };
  },
  // may this user join the channel?
  subscribe: (req) => (req.channel.startsWith('chat:')
    ? { result: { info: { role: 'member' } } }
    : { error: { code: 403, message: 'permission denied' } }),
  // validate and rewrite what a client publishes
  publish: (req) => (typeof req.data?.text === 'string' && req.data.text.length <= 500
    ? { result: { data: { text: req.data.text, by: req.user, at: Date.now() } } }
    : { error: { code: 400, message: 'text required' } }),
  // request/response calls over the socket
  rpc: (req) => {
    if (req.method === 'echo') {
      return { result: { data: req.data ?? null } };
    }
    return { error: { code: 404, message: 'unknown method' } };
  },
};

http.createServer((request, response) => {
  const handler = handlers[request.url.split('/').pop()];
  if (request.method !== 'POST' || !handler) {
    response.writeHead(404).end();
    return;
  }
  let body = '';
  request.on('data', (chunk) => { body += chunk; });
  request.on('end', () => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(handler(JSON.parse(body), request.headers)));
  });
}).listen(Number(process.argv[2] || 3000), '127.0.0.1', () => console.log('backend ready'));
