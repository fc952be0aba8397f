// Just enough of the Chrome DevTools protocol to drive headless Chromium from Node with the `ws` package we already
// depend on: launch, open a page, evaluate, wait for a DOM condition, screenshot.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

export async function launch(executable = process.env.CHROMIUM || '/usr/bin/chromium') {
  const profile = mkdtempSync(join(tmpdir(), 'pulsegate-chromium-'));
  const child = spawn(executable, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-dev-shm-usage', '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0',
    `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  // its own process group: close() kills the zygote and renderers too, which otherwise keep writing to the profile
  const killGroup = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone already */ } };
  process.once('exit', killGroup);
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('chromium did not start within 20 s')), 20000);
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`chromium exited ${code}: ${err}`)); });
  });
  return {
    port,
    async newPage(url) {
      const target = await (await fetch(`http://127.0.0.1:${port}/json/new?about:blank`, { method: 'PUT' })).json();
      const page = await Page.open(target.webSocketDebuggerUrl);
      await page.navigate(url);
      return page;
    },
    async close() {
      const exited = child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
      killGroup();
      await exited;
      process.removeListener('exit', killGroup);
      try {
        rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch (e) {
        console.warn(`left chromium profile ${profile}: ${e.message}`); // a stray temp dir is not a test failure
      }
    },
  };
}

class Page {
  static async open(url) {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    return new Page(ws);
  }

  constructor(ws) {
    this.ws = ws;
    this.id = 0;
    this.pending = new Map();
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw);
      const p = this.pending.get(msg.id);
      if (p) {
        this.pending.delete(msg.id);
        msg.error ? p.reject(new Error(msg.error.message)) : p.resolve(msg.result);
      }
    });
  }

  send(method, params = {}) {
    const id = ++this.id;
    this.ws.send(JSON.stringify({ id, method, params }));
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  async evaluate(expression) {
    const r = await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    return r.result.value;
  }

  /** Polls `expression` every 100 ms until it is truthy; fails after `ms`. */
  async waitFor(expression, ms = 10000) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await this.evaluate(expression)) {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${expression}; page text: ${await this.evaluate('document.body.innerText')}`);
  }

  async navigate(url) {
    await this.send('Page.navigate', { url });
  }

  async screenshot() {
    return Buffer.from((await this.send('Page.captureScreenshot', { format: 'png' })).data, 'base64');
  }

  close() {
    this.ws.close();
  }
}
