// The admin UI in real headless Chromium (started by AdminUiIT) against two Redis-backed nodes: the page is served
// by node A, centrifuge-js clients sit on both nodes. Screenshots land in target/admin-*.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, closeAll, connectedClient, HTTP_URL, nextEvent, subscribe, uniq, withTimeout, WS_URL } from '../support.mjs';
import { launch } from './cdp.mjs';

const SHOTS = process.env.PULSEGATE_SCREENSHOT_DIR;
const WS_URL_B = process.env.PULSEGATE_WS_URL_B;
const HTTP_URL_B = process.env.PULSEGATE_HTTP_URL_B;
const PASSWORD = process.env.PULSEGATE_ADMIN_PASSWORD;
const channel = uniq('chat:admin');
const user = uniq('alice');
let browser;
let page;

const shot = async (name) => writeFileSync(join(SHOTS, `admin-${name}.png`), await page.screenshot());
const js = (value) => JSON.stringify(value);
const set = (id, value) => page.evaluate(`document.getElementById(${js(id)}).value = ${js(value)}; true`);
const text = (id) => page.evaluate(`document.getElementById(${js(id)}).innerText`);
const rows = (id) => `document.querySelectorAll('#${id} tbody tr').length`;

before(async () => {
  browser = await launch();
  page = await browser.newPage(`${HTTP_URL}/admin/`);
  await page.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
});
after(async () => {
  closeAll();
  page?.close();
  await browser?.close();
});

test('a wrong password is refused', async () => {
  await page.waitFor(`!document.getElementById('view-sign-in').hidden`);
  await set('password', 'not-the-password');
  await page.evaluate(`document.getElementById('sign-in-form').requestSubmit(); true`);
  await page.waitFor(`document.getElementById('sign-in-error').innerText === 'Sign-in refused'`);
  assert.equal(await page.evaluate(`document.getElementById('nav').hidden`), true);
  await shot('sign-in-refused');
});

test('signed in, the nodes view lists both nodes live', async () => {
  await set('password', PASSWORD);
  await page.evaluate(`document.getElementById('sign-in-form').requestSubmit(); true`);
  await page.waitFor(`!document.getElementById('view-nodes').hidden`);
  await page.waitFor(`${rows('nodes-table')} === 2`, 15000);
  const table = await text('nodes-table');
  assert.match(table, /admin-a/);
  assert.match(table, /admin-b/);
  await page.waitFor(`document.querySelectorAll('#chart-connections canvas').length === 1`);
});

test('a publish from the console reaches a centrifuge-js subscriber on the other node', async () => {
  const { client } = await connectedClient(user, {}, WS_URL_B);
  const sub = client.newSubscription(channel);
  await subscribe(sub);
  const published = nextEvent(sub, 'publication', { ms: 10000 });
  await page.navigate(`${HTTP_URL}/admin/#publish`);
  await page.waitFor(`!document.getElementById('view-publish').hidden`);
  await set('publish-channel', channel);
  await set('publish-data', '{"text": oops');
  await page.evaluate(`document.getElementById('publish-data').dispatchEvent(new Event('input')); true`);
  await page.waitFor(`document.getElementById('publish-validation').innerText.startsWith('Invalid JSON')`);
  assert.equal(await page.evaluate(`document.getElementById('publish-send').disabled`), true);
  await set('publish-data', '{"text": "from the console"}');
  await page.evaluate(`document.getElementById('publish-data').dispatchEvent(new Event('input')); true`);
  await page.evaluate(`document.getElementById('publish-form').requestSubmit(); true`);
  const ctx = await published;
  assert.deepEqual(ctx.data, { text: 'from the console' });
  await page.waitFor(`document.getElementById('publish-result').innerText.startsWith('published')`);
  await shot('publish');
});

test('channels and channel detail show subscribers, presence and history', async () => {
  const { client } = await connectedClient(user, {}, WS_URL);
  await subscribe(client.newSubscription(channel));
  await page.navigate(`${HTTP_URL}/admin/#channels`);
  await page.waitFor(`document.getElementById('channels-table').innerText.includes(${js(channel)})`);
  await page.navigate(`${HTTP_URL}/admin/#channel/${encodeURIComponent(channel)}`);
  await page.waitFor(`${rows('history-table')} >= 1 && ${rows('presence-table')} >= 2`, 10000);
  assert.match(await text('history-table'), /from the console/);
  assert.match(await text('presence-table'), new RegExp(user));
  await page.waitFor(`document.getElementById('tail-state').innerText === 'listening'`);
  await api('publish', { channel, data: { text: 'live tail' } });
  await page.waitFor(`document.getElementById('tail-table').innerText.includes('live tail')`);
  await shot('channel');
});

test('the deliveries chart moves while a publish loop runs', async () => {
  await page.navigate(`${HTTP_URL}/admin/#nodes`);
  await page.waitFor(`${rows('nodes-table')} === 2`, 15000);
  const peak = `Math.max(0, ...[...window.pulsegateAdmin.series.nodes.values()]
    .flatMap((s) => s.deliveries.slice(-3)).filter((v) => v !== null))`;
  let running = true;
  const loop = (async () => {
    while (running) {
      await api('publish', { channel, data: { n: Date.now() } });
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    // enough seconds on the chart for the screenshot, and the loop's deliveries on it
    await page.waitFor(`window.pulsegateAdmin.series.times.length >= 15 && ${peak} >= 10`, 30000);
  } finally {
    running = false;
    await loop;
  }
  await shot('nodes');
});

test('a disconnect from user lookup closes the user\'s connections on both nodes', async () => {
  const onA = await connectedClient(user, {}, WS_URL);
  const onB = await connectedClient(user, {}, WS_URL_B);
  // a force disconnect that allows reconnecting shows as 'connecting', one that does not as 'disconnected'
  const closed = (c) => withTimeout(new Promise((resolve) => {
    c.once('disconnected', resolve);
    c.once('connecting', resolve);
  }), 10000, 'the disconnect');
  const both = Promise.all([closed(onA.client), closed(onB.client)]);
  await page.navigate(`${HTTP_URL}/admin/#users`);
  await page.waitFor(`!document.getElementById('view-users').hidden`);
  await set('user-id', user);
  await page.evaluate(`document.getElementById('user-form').requestSubmit(); true`);
  await both;
  await page.waitFor(`document.getElementById('user-result').innerText.startsWith('disconnect sent')`);
  await shot('users');
});

test('the backends view renders (no proxies or consumers on this fleet)', async () => {
  await page.navigate(`${HTTP_URL}/admin/#backends`);
  await page.waitFor(`document.getElementById('proxies-table').innerText.includes('none configured')`);
  assert.match(await text('consumers-table'), /none configured/);
});

test('after sign-out the admin API refuses the old session', async () => {
  await page.evaluate(`document.getElementById('sign-out').click(); true`);
  await page.waitFor(`!document.getElementById('view-sign-in').hidden`);
  const status = await page.evaluate(`fetch('/admin/api/session').then((r) => r.status)`);
  assert.equal(status, 401);
});

test('a session opened on one node works on the other, and signing out on one ends it on both', async () => {
  const signIn = await fetch(`${HTTP_URL}/admin/api/sign-in`, { method: 'POST',
    headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ password: PASSWORD }) });
  assert.equal(signIn.status, 200);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  const { csrf } = await signIn.json();
  const session = (url) => fetch(`${url}/admin/api/session`, { headers: { Cookie: cookie } }).then((r) => r.status);
  assert.equal(await session(HTTP_URL_B), 200);
  const out = await fetch(`${HTTP_URL}/admin/api/sign-out`, { method: 'POST',
    headers: { Cookie: cookie, 'X-CSRF-Token': csrf } });
  assert.equal(out.status, 204);
  assert.equal(await session(HTTP_URL), 401);
  // the revocation travels over the admin channel
  const deadline = Date.now() + 5000;
  while (await session(HTTP_URL_B) !== 401) {
    assert.ok(Date.now() < deadline, 'node B still accepts the signed-out session');
    await new Promise((r) => setTimeout(r, 100));
  }
});
