import type net from 'node:net';

/** The origin an `https:` call reaches through an HTTP proxy's CONNECT tunnel. */
export interface TunnelTarget {
  /** `host:port` of the origin (IPv6 in brackets), as the CONNECT request names it. */
  readonly authority: string;
  /** The origin's host name (no brackets): the TLS server name and the name its certificate must carry. */
  readonly host: string;
  /** The `Proxy-Authorization` value, when the proxy URL carries credentials. @default none */
  readonly proxyAuthorization?: string | undefined;
}

/**
 * The HTTP proxy did not open the tunnel: it refused CONNECT (`status`, e.g.
 * 407 or 502), answered something unreadable, or closed or reset the
 * connection first. Nothing reached the origin, so the call did not run.
 */
export class ProxyTunnelError extends Error {
  public constructor(
    message: string,
    /** The proxy's status code, when it answered with one. */
    public readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ProxyTunnelError';
  }
}

/** Longest CONNECT reply head read; a proxy's answer is a status line and a few headers. */
const MAX_REPLY_HEAD_BYTES = 16 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: ([^\r\n]*))?$/;

/**
 * Asks the proxy `socket` (connected or still connecting: the write is
 * queued) for a tunnel to `target` with `CONNECT host:port HTTP/1.1`, reads
 * its reply head, and calls `done` once: with nothing on a 2xx answer (the
 * socket is then a byte pipe to the origin, ready for TLS, and this function
 * has removed every listener it added), or with the error that ended it.
 * Errors before the TCP connection opened (refused, unreachable) are passed
 * on as they are; later ones become a `ProxyTunnelError`.
 */
export function connectTunnel(socket: net.Socket, target: TunnelTarget, done: (error?: Error) => void): void {
  let head = `CONNECT ${target.authority} HTTP/1.1\r\nHost: ${target.authority}\r\n`;
  if (target.proxyAuthorization !== undefined) {
    head += `Proxy-Authorization: ${target.proxyAuthorization}\r\n`;
  }
  head += '\r\n';
  let received: Buffer = Buffer.alloc(0);
  let connected = false;
  let finished = false;
  const finish = (error?: Error): void => {
    if (finished) return;
    finished = true;
    socket.removeListener('connect', onConnect);
    socket.removeListener('data', onData);
    socket.removeListener('end', onClose);
    socket.removeListener('close', onClose);
    socket.removeListener('error', onError);
    done(error);
  };
  const onConnect = (): void => {
    connected = true;
  };
  const onError = (error: Error): void => {
    finish(
      connected
        ? new ProxyTunnelError(`the proxy connection failed (${error.message})`, undefined, { cause: error })
        : error,
    );
  };
  const onClose = (): void => {
    finish(new ProxyTunnelError('the proxy closed the connection before answering CONNECT'));
  };
  const onData = (chunk: Buffer): void => {
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    const end = received.indexOf(HEAD_END);
    if (end < 0) {
      if (received.length > MAX_REPLY_HEAD_BYTES)
        finish(new ProxyTunnelError('the proxy reply to CONNECT is too long'));
      return;
    }
    // Bytes past the head would be the origin's, and a TLS server says nothing
    // before the client's hello: a proxy that sends them is not a clean tunnel.
    if (end + HEAD_END.length !== received.length) {
      finish(new ProxyTunnelError('the proxy sent bytes after its reply to CONNECT'));
      return;
    }
    const statusLine = received.subarray(0, received.indexOf('\r\n')).toString('latin1');
    const match = STATUS_LINE.exec(statusLine);
    if (match === null) {
      finish(
        new ProxyTunnelError(`the proxy answered CONNECT with ${JSON.stringify(statusLine.slice(0, 80))}`),
      );
      return;
    }
    const status = Number(match[1]);
    if (status < 200 || status > 299) {
      const reason = match[2] === undefined || match[2] === '' ? '' : ` ${match[2].slice(0, 80)}`;
      finish(new ProxyTunnelError(`the proxy answered CONNECT with ${status}${reason}`, status));
      return;
    }
    finish();
  };
  socket.on('connect', onConnect);
  socket.on('data', onData);
  socket.on('end', onClose);
  socket.on('close', onClose);
  socket.on('error', onError);
  socket.write(head, 'latin1');
}
