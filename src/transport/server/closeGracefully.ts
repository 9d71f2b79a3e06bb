import type { Server } from 'node:http';
import net from 'node:net';

import type { CallRunner } from './CallRunner.js';

/** How long a closing server keeps idle keep-alive sockets open, answering with `Connection: close`. */
const DRAIN_GRACE_MS = 300;

function connectionCount(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.getConnections((error, count) => {
      resolve(error === null ? count : 0);
    });
  });
}

/**
 * Closes `server` gracefully: stops accepting, lets the calls in flight on
 * `calls` finish (up to `closeTimeoutMs`), then closes idle keep-alive
 * sockets and cuts the rest. Set `calls.closing` first, so answers written
 * meanwhile carry `Connection: close`.
 */
export async function closeGracefully(
  server: Server,
  calls: CallRunner,
  closeTimeoutMs: number,
): Promise<void> {
  if (!server.listening) return;
  const stopped = new Promise<void>((resolve) => {
    server.once('close', () => {
      resolve();
    });
  });
  // Stop accepting, but do not close idle keep-alive sockets yet (http.Server#close
  // would): a client may be writing its next request on one right now, and a socket
  // closed under it leaves that call's outcome unknown. For a short grace every
  // answer carries `Connection: close`, which moves busy clients off cleanly.
  net.Server.prototype.close.call(server);
  if ((await connectionCount(server)) > 0) {
    await new Promise<void>((resolve) => {
      // Kept referenced: it is short, and an unreferenced timer would let a
      // process whose last handle is this closing server exit mid-close.
      setTimeout(resolve, Math.min(DRAIN_GRACE_MS, closeTimeoutMs));
    });
  }
  // Now http.Server#close: closes the sockets still idle and its own timers.
  server.close();
  if (calls.inFlight > 0) await calls.drained(closeTimeoutMs);
  server.closeIdleConnections();
  const cut = setTimeout(() => {
    server.closeAllConnections();
  }, 200);
  await stopped;
  clearTimeout(cut);
}
