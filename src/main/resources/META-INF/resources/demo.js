// Pulsegate demo: a live feed over WebSocket (centrifuge-js, can publish) or SSE (a plain EventSource on
// /connection/uni_sse, read-only). Relative URLs only, so it works on any node behind a load balancer.
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let client = null;
  let sub = null;
  let source = null;

  function setState(state, detail) {
    $('state').textContent = state;
    $('state').className = state;
    $('detail').textContent = detail || '';
  }

  function show(data) {
    const li = document.createElement('li');
    li.textContent = typeof data === 'object' && data !== null && 'text' in data
      ? `${data.user ? data.user + ': ' : ''}${data.text}` : JSON.stringify(data);
    $('messages').prepend(li);
  }

  async function token(user, channel) {
    const response = await fetch(`dev/token?user=${encodeURIComponent(user)}&channel=${encodeURIComponent(channel)}`);
    if (!response.ok) {
      throw new Error(`dev token endpoint answered ${response.status} (is pulsegate.dev.token-endpoint on?)`);
    }
    return (await response.json()).token;
  }

  function stop() {
    if (client) { client.disconnect(); client = null; sub = null; }
    if (source) { source.close(); source = null; }
    setState('disconnected');
  }

  async function start() {
    stop();
    const user = $('user').value;
    const channel = $('channel').value;
    setState('connecting');
    try {
      const jwt = await token(user, channel);
      if ($('transport').value === 'sse') {
        startSse(jwt, channel);
      } else {
        startWebSocket(jwt, user, channel);
      }
    } catch (e) {
      setState('disconnected', e.message);
    }
  }

  function startWebSocket(jwt, user, channel) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    client = new Centrifuge(`${scheme}://${location.host}/connection/websocket`, {
      getToken: () => token(user, channel),
      token: jwt,
    });
    client.on('connecting', (ctx) => setState('connecting', ctx.reason));
    client.on('connected', (ctx) => setState('connected', `websocket, client ${ctx.client}`));
    client.on('disconnected', (ctx) => setState('disconnected', ctx.reason));
    sub = client.newSubscription(channel, { recoverable: true });
    sub.on('publication', (ctx) => show(ctx.data));
    sub.on('subscribed', (ctx) => { if (ctx.wasRecovering && !ctx.recovered) { show({ text: '(history lost: resynced)' }); } });
    sub.subscribe();
    client.connect();
  }

  // The token lists the channel (server-side subscription), so a plain EventSource needs no SDK at all.
  function startSse(jwt, channel) {
    source = new EventSource(`connection/uni_sse?cf_connect=${encodeURIComponent(JSON.stringify({ token: jwt }))}`);
    source.onopen = () => setState('connecting', 'sse stream open');
    source.onerror = () => setState('connecting', 'sse reconnecting');
    source.addEventListener('resync', () => show({ text: '(missed messages could not be recovered)' }));
    source.onmessage = (event) => {
      const push = JSON.parse(event.data);
      if (push.connect) {
        setState('connected', `sse, client ${push.connect.client}`);
        const recovered = push.connect.subs && push.connect.subs[channel] && push.connect.subs[channel].publications;
        (recovered || []).forEach((p) => show(p.data));
      } else if (push.pub) {
        show(push.pub.data);
      } else if (push.disconnect) {
        setState('disconnected', push.disconnect.reason);
      }
    };
  }

  $('settings').addEventListener('submit', (e) => { e.preventDefault(); start(); });
  $('disconnect').addEventListener('click', stop);
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value;
    if (sub && text) {
      sub.publish({ user: $('user').value, text }).catch((err) => show({ text: `(publish failed: ${err.message})` }));
      $('text').value = '';
    }
  });

  const params = new URLSearchParams(location.search);
  ['user', 'channel', 'transport'].forEach((k) => { if (params.get(k)) { $(k).value = params.get(k); } });
  if (params.get('autoconnect')) {
    start();
  }
})();
