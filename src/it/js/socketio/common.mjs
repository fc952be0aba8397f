// Helpers shared by the Socket.IO suites.
import { nextEvent, withTimeout, WAIT_MS } from '../support.mjs';

/** Resolves once `list` has `n` entries; rejects after WAIT_MS. */
export async function until(list, n, label) {
  await withTimeout((async () => {
    while (list.length < n) await new Promise((r) => setTimeout(r, 10));
  })(), WAIT_MS, label);
}

/** Connects a socket created with `autoConnect: false`; resolves with it once connected. */
export async function connected(socket) {
  const ready = nextEvent(socket, 'connect');
  socket.connect();
  await ready;
  return socket;
}
