// The demo page in real headless Chromium (started by DemoPageIT): it connects over WebSocket and over SSE, a
// publication made through /api/publish appears in the DOM, and a screenshot of each lands in target/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, HTTP_URL, uniq } from '../support.mjs';
import { launch } from './cdp.mjs';

const SHOTS = process.env.PULSEGATE_SCREENSHOT_DIR;
let browser;

before(async () => { browser = await launch(); });
after(async () => browser?.close());

for (const transport of ['websocket', 'sse']) {
  test(`demo page over ${transport} shows a publication made through the server API`, async () => {
    const channel = uniq('demo');
    const page = await browser.newPage(`${HTTP_URL}/?user=${uniq('u')}&channel=${channel}&transport=${transport}&autoconnect=1`);
    try {
      await page.waitFor(`document.getElementById('state').textContent === 'connected'`);
      const text = `hello over ${transport} ${uniq('m')}`;
      // the subscription may still be completing right after 'connected' over WebSocket: publish until seen
      for (let i = 0; i < 20; i++) {
        await api('publish', { channel, data: { user: 'api', text } });
        try {
          await page.waitFor(`document.getElementById('messages').innerText.includes(${JSON.stringify(text)})`, 500);
          break;
        } catch (e) {
          if (i === 19) throw e;
        }
      }
      const shown = await page.evaluate(`document.getElementById('messages').innerText`);
      assert.match(shown, new RegExp(text));
      writeFileSync(join(SHOTS, `demo-${transport}.png`), await page.screenshot());
    } finally {
      page.close();
    }
  });
}
