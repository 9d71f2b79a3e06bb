import type { Socket } from 'node:net';

/**
 * Replaces Node's "destroy at once" when a keep-alive connection's idle timer
 * fires: the socket is closed one turn of the event loop later, and only if no
 * byte arrived in between.
 *
 * Why: a process resumed after a freeze (SIGSTOP, a VM pause, a long GC) runs
 * its expired timers before it reads its sockets (libuv's epoll_wait returns
 * EINTR on SIGCONT, and the next loop turn starts with timers). Requests that
 * clients wrote on idle connections during the freeze are still in the kernel
 * buffers; destroying those sockets resets calls the server never started,
 * and the clients must report them "outcome unknown". The poll phase that
 * follows reads them, so `setImmediate` sees whether a request came.
 *
 * Node calls this (the server's `timeout` event) only for the keep-alive
 * timer: the server sets no other socket timeout (headers and request
 * timeouts are checked separately).
 */
export function onIdleTimeout(socket: Socket): void {
  const seen = socket.bytesRead;
  setImmediate(() => {
    if (socket.bytesRead === seen) socket.destroy();
  });
}
