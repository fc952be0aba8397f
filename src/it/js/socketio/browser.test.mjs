// socket.io-client's browser bundle in headless Chromium (started by SocketIoIT when chromium is installed): a page
// served from its own origin connects cross-origin to the gateway over long-polling (CORS) and upgrades to
// WebSocket, receives an event and gets an ack. A screenshot lands in target/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, HTTP_URL, jwt, nowSeconds, uniq } from '../support.mjs';
import { launch } from '../browser/cdp.mjs';

const PAGE_PORT = Number(process.env.PULSEGATE_PAGE_PORT); // the gateway allows this origin
const SHOTS = process.env.PULSEGATE_SCREENSHOT_DIR;
const bundle = readFileSync(new URL('../node_modules/socket.io-client/dist/socket.io.min.js', import.meta.url));
const html = `<!doctype html><meta charset="utf-8"><title>socket.io on Pulsegate</title>
<body style="font: 16px sans-serif"><h1>socket.io-client in a browser</h1>
<p>transport: <b id="transport">-</b> · state: <b id="state">connecting</b> · ack: <b id="ack">-</b></p>
<ul id="events"></ul>
<script src="/socket.io.min.js"></script>
<script>
  const q = new URLSearchParams(location.search);
  const socket = io(q.get('gateway'), { auth: { token: q.get('token') } });
  const show = () => { document.getElementById('transport').textContent = socket.io.engine.transport.name; };
  socket.on('connect', () => { document.getElementById('state').textContent = 'connected'; show();
    socket.io.engine.on('upgrade', show);
    socket.emit('echo', { from: 'browser' }, (r) => { document.getElementById('ack').textContent = JSON.stringify(r); });
  });
  socket.on('message:new', (m) => {
    const li = document.createElement('li'); li.textContent = m.text; document.getElementById('events').appendChild(li);
  });
</script>`;

let server;
let browser;
before(async () => {
  server = createServer((req, res) => {
    if (req.url.startsWith('/socket.io.min.js')) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
    } else {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    }
  });
  await new Promise((resolve) => server.listen(PAGE_PORT, '127.0.0.1', resolve));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('the browser bundle connects cross-origin, upgrades to WebSocket, receives events and gets acks', async () => {
  const room = uniq('chat:browser');
  const token = jwt({ sub: uniq('b'), channels: [room], exp: nowSeconds() + 3600 });
  const page = await browser.newPage(`http://127.0.0.1:${PAGE_PORT}/?gateway=${encodeURIComponent(HTTP_URL)}`
    + `&token=${encodeURIComponent(token)}`);
  try {
    await page.waitFor(`document.getElementById('state').textContent === 'connected'`);
    await page.waitFor(`document.getElementById('transport').textContent === 'websocket'`);
    await page.waitFor(`document.getElementById('ack').textContent.includes('browser')`);
    await api('publish', { channel: room, data: { text: 'to the browser' }, tags: { event: 'message:new' } });
    await page.waitFor(`document.getElementById('events').innerText.includes('to the browser')`);
    assert.equal(await page.evaluate(`document.getElementById('ack').textContent`), '{"from":"browser"}');
    writeFileSync(join(SHOTS, 'socketio-browser.png'), await page.screenshot());
  } finally {
    page.close();
  }
});
