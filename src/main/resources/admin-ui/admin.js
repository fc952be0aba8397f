// Pulsegate admin UI: plain DOM, no framework; live data from the SSE stream <path>/api/live.
'use strict';
(function () {
  const base = location.pathname.replace(/\/(index\.html)?$/, '');
  const api = base + '/api';
  const WINDOW = 300; // seconds of chart history
  const $ = (id) => document.getElementById(id);
  let csrf = '';
  let live = null;
  let tail = null;
  const series = { times: [], nodes: new Map() }; // node id -> {name, connections: [], deliveries: []}
  const charts = {};
  window.pulsegateAdmin = { series }; // read-only view for the browser tests

  async function request(path, body) {
    const init = body === undefined
      ? { credentials: 'same-origin' }
      : { method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf } };
    const res = await fetch(api + path, init);
    if (res.status === 401) { showSignIn(); throw new Error('signed out'); }
    if (res.status === 204) return {};
    const text = await res.text();
    if (!res.ok) throw new Error('HTTP ' + res.status + (text ? ': ' + text : ''));
    return text ? JSON.parse(text) : {};
  }

  async function call(method, params) {
    const reply = await request('/call/' + method, params || {});
    if (reply.error) throw new Error(reply.error.code + ' ' + reply.error.message);
    return reply.result || {};
  }

  function row(tbody, cells) {
    const tr = document.createElement('tr');
    for (const c of cells) {
      const td = document.createElement('td');
      if (c instanceof Node) td.appendChild(c); else td.textContent = String(c);
      if (typeof c === 'number') td.className = 'num';
      tr.appendChild(td);
    }
    tbody.appendChild(tr);
  }

  function show(view) {
    document.querySelectorAll('.view').forEach((v) => { v.hidden = v.id !== 'view-' + view; });
    document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.hash === '#' + view));
  }

  function showSignIn() {
    $('nav').hidden = true;
    if (live) { live.close(); live = null; }
    show('sign-in');
  }

  async function start() {
    try {
      const session = await request('/session');
      csrf = session.csrf;
      $('nav').hidden = false;
      $('sign-out').hidden = session.insecure;
      openLive();
      route();
    } catch (e) {
      showSignIn();
    }
  }

  function route() {
    const [view, arg] = (location.hash.slice(1) || 'nodes').split('/');
    if (tail) { tail.close(); tail = null; }
    if (view === 'channel') { show('channel'); channelDetail(decodeURIComponent(arg || '')); return; }
    show(['nodes', 'channels', 'users', 'publish', 'backends'].includes(view) ? view : 'nodes');
    if (view === 'channels') loadChannels();
    if (view === 'backends') loadBackends();
    if (view === 'nodes') resizeCharts();
  }

  // ---- nodes: live table and charts --------------------------------------------------------------------------
  function openLive() {
    if (live) live.close();
    live = new EventSource(api + '/live');
    live.addEventListener('nodes', (e) => onNodes(JSON.parse(e.data)));
    live.addEventListener('signed-out', () => showSignIn());
    live.onopen = () => { $('live-state').textContent = 'live'; };
    live.onerror = () => { $('live-state').textContent = 'reconnecting…'; };
  }

  function onNodes(event) {
    const tbody = $('nodes-table').tBodies[0];
    tbody.replaceChildren();
    for (const n of event.nodes) {
      row(tbody, [n.name, n.id.slice(0, 8), n.version, n.uptime + ' s', n.connections, n.users, n.channels,
        n.subscriptions, n.deliveriesPerSec, n.publishesPerSec, n.engine]);
    }
    record(event);
  }

  function record(event) {
    series.times.push(Math.floor(event.at / 1000));
    for (const n of event.nodes) {
      if (!series.nodes.has(n.id)) {
        series.nodes.set(n.id, { name: n.name, connections: series.times.slice(1).map(() => null),
          deliveries: series.times.slice(1).map(() => null) });
      }
    }
    for (const [id, s] of series.nodes) {
      const n = event.nodes.find((x) => x.id === id);
      s.connections.push(n ? n.connections : null);
      s.deliveries.push(n ? n.deliveriesPerSec : null);
    }
    if (series.times.length > WINDOW) {
      series.times.shift();
      for (const s of series.nodes.values()) { s.connections.shift(); s.deliveries.shift(); }
    }
    draw('connections', 'chart-connections');
    draw('deliveries', 'chart-deliveries');
  }

  const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

  function draw(key, element) {
    const nodes = [...series.nodes.values()];
    const data = [series.times, ...nodes.map((s) => s[key])];
    const chart = charts[key];
    if (chart && chart.series.length === nodes.length + 1) { chart.setData(data); return; }
    if (chart) chart.destroy();
    const opts = { width: 520, height: 220, scales: { x: { time: true } },
      series: [{}, ...nodes.map((s, i) => ({ label: s.name, stroke: COLOURS[i % COLOURS.length], width: 2 }))] };
    charts[key] = new uPlot(opts, data, $(element));
  }

  function resizeCharts() { Object.values(charts).forEach((c) => c.redraw()); }

  // ---- channels ---------------------------------------------------------------------------------------------
  async function loadChannels() {
    const tbody = $('channels-table').tBodies[0];
    const result = await call('channels', {});
    const entries = Object.entries(result.channels || {})
      .filter(([name]) => !name.startsWith('__pulsegate_admin:'))
      .map(([name, v]) => [name, typeof v === 'object' ? v.num_clients : v])
      .sort((a, b) => b[1] - a[1]);
    tbody.replaceChildren();
    for (const [name, n] of entries) {
      const a = document.createElement('a');
      a.className = 'channel';
      a.textContent = name;
      a.href = '#channel/' + encodeURIComponent(name);
      row(tbody, [a, n]);
    }
  }

  async function channelDetail(channel) {
    $('channel-name').textContent = channel;
    const presence = $('presence-table').tBodies[0];
    const history = $('history-table').tBodies[0];
    presence.replaceChildren();
    history.replaceChildren();
    openTail(channel);
    $('presence-error').textContent = '';
    $('history-error').textContent = '';
    try {
      const p = await call('presence', { channel });
      for (const [client, info] of Object.entries(p.presence || {})) row(presence, [client, info.user]);
    } catch (e) { $('presence-error').textContent = e.message; }
    try {
      const h = await call('history', { channel, limit: 20, reverse: true });
      for (const pub of h.publications || []) row(history, [pub.offset || 0, JSON.stringify(pub.data)]);
    } catch (e) { $('history-error').textContent = e.message; }
  }

  function openTail(channel) {
    const tbody = $('tail-table').tBodies[0];
    tbody.replaceChildren();
    tail = new EventSource(api + '/tail?channel=' + encodeURIComponent(channel));
    tail.addEventListener('subscribed', () => { $('tail-state').textContent = 'listening'; });
    tail.addEventListener('publication', (e) => {
      const pub = (JSON.parse(e.data).push || {}).pub || {};
      row(tbody, [pub.offset || 0, JSON.stringify(pub.data)]);
      tbody.prepend(tbody.lastChild);
      while (tbody.rows.length > 50) tbody.deleteRow(-1);
    });
    tail.onerror = () => { $('tail-state').textContent = 'reconnecting…'; };
  }

  // ---- backends ---------------------------------------------------------------------------------------------
  const outcomes = (m) => Object.entries(m || {}).map(([k, v]) => k + ' ' + v).join(', ') || '—';

  async function loadBackends() {
    const b = await request('/backends');
    const proxies = $('proxies-table').tBodies[0];
    const consumers = $('consumers-table').tBodies[0];
    proxies.replaceChildren();
    consumers.replaceChildren();
    for (const [name, p] of Object.entries(b.proxies)) row(proxies, [name, outcomes(p.calls), p.errors, p.inFlight]);
    for (const [name, c] of Object.entries(b.consumers)) {
      row(consumers, [name, c.up ? 'up' : 'DOWN', c.lag, outcomes(c.records)]);
    }
    if (!proxies.rows.length) row(proxies, ['none configured', '', '', '']);
    if (!consumers.rows.length) row(consumers, ['none configured', '', '', '']);
  }

  // ---- user and publish ---------------------------------------------------------------------------------------
  async function userAction(method) {
    const user = $('user-id').value.trim();
    const params = method === 'unsubscribe' ? { user, channel: $('user-channel').value.trim() } : { user };
    try {
      await call(method, params);
      $('user-result').textContent = method + ' sent to every node for user ' + user;
    } catch (e) { $('user-result').textContent = method + ' failed: ' + e.message; }
  }

  function validJson() {
    try {
      JSON.parse($('publish-data').value);
      $('publish-validation').textContent = '';
      $('publish-data').classList.remove('invalid');
      $('publish-send').disabled = false;
      return true;
    } catch (e) {
      $('publish-validation').textContent = 'Invalid JSON: ' + e.message;
      $('publish-data').classList.add('invalid');
      $('publish-send').disabled = true;
      return false;
    }
  }

  async function publish() {
    if (!validJson()) return;
    try {
      const r = await call('publish', { channel: $('publish-channel').value.trim(),
        data: JSON.parse($('publish-data').value) });
      $('publish-result').textContent = 'published' + (r.offset ? ' at offset ' + r.offset : '');
    } catch (e) { $('publish-result').textContent = 'publish failed: ' + e.message; }
  }

  // ---- wiring -----------------------------------------------------------------------------------------------
  $('sign-in-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const jwt = $('jwt').value.trim();
    const res = await fetch(api + '/sign-in', { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(jwt ? { token: jwt } : { password: $('password').value }) });
    if (!res.ok) { $('sign-in-error').textContent = 'Sign-in refused'; return; }
    $('sign-in-error').textContent = '';
    $('password').value = '';
    start();
  });
  $('sign-out').addEventListener('click', async () => {
    try { await request('/sign-out', {}); } finally { showSignIn(); }
  });
  $('channels-refresh').addEventListener('click', () => loadChannels());
  $('backends-refresh').addEventListener('click', () => loadBackends());
  $('user-form').addEventListener('submit', (e) => { e.preventDefault(); userAction('disconnect'); });
  $('user-unsubscribe').addEventListener('click', () => userAction('unsubscribe'));
  $('publish-data').addEventListener('input', validJson);
  $('publish-form').addEventListener('submit', (e) => { e.preventDefault(); publish(); });
  window.addEventListener('hashchange', route);
  start();
})();
