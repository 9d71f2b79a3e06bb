import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Replaces Node's default answer to unparsable requests: a request cut off by
 * the client (EOF mid-body, reset) gets nothing written; a header timeout gets
 * 408; other garbage gets 400; the socket then closes.
 */
export function onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'HPE_INVALID_EOF_STATE' || error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    () => {
      socket.destroy();
    },
  );
}
