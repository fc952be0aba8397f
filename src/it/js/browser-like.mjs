// Browser-like event delivery for centrifuge-js in Node. A browser queues one task per WebSocket or EventSource
// event; Node's `ws` emits every frame of one TCP read synchronously, in a single task. centrifuge-js 5.7.4 depends on
// the browser's behaviour: `_dataReceived` chains each frame on `_dispatchPromise` and replaces that promise when the
// dispatch starts, so two multi-reply frames handled in one task are dispatched interleaved. ChaosSoakIT caught it
// after a catch-up from the stream (one frame of replayed publications, then one of live ones): the application saw
// offsets 150, 177, 151, 178, 152, ... The wrappers below restore one task per event, in order.

import WebSocket from 'ws';

/** Runs `handler` for each event in a task of its own (setImmediate keeps FIFO order and drains microtasks). */
export const perTask = (handler) => handler && ((event) => setImmediate(() => handler(event)));

/** The `ws` WebSocket with open, message, error and close delivered one task each, as a browser does. */
export class BrowserLikeWebSocket extends WebSocket {
  get onopen() { return super.onopen; }

  set onopen(handler) { super.onopen = perTask(handler); }

  get onmessage() { return super.onmessage; }

  set onmessage(handler) { super.onmessage = perTask(handler); }

  get onerror() { return super.onerror; }

  set onerror(handler) { super.onerror = perTask(handler); }

  get onclose() { return super.onclose; }

  set onclose(handler) { super.onclose = perTask(handler); }
}
