import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** One CONNECT request a test proxy received. */
export interface SeenConnect {
  /** The request line, e.g. `CONNECT 127.0.0.1:8443 HTTP/1.1`. */
  readonly line: string;
  readonly host: string | undefined;
  readonly proxyAuthorization: string | undefined;
}

/** A CONNECT proxy listening on 127.0.0.1. */
export interface ConnectProxy {
  /** `http://127.0.0.1:port`. */
  readonly url: string;
  readonly port: number;
  /** Every CONNECT request, in arrival order. */
  readonly seen: SeenConnect[];
  /** Closes the listener and every connection (client and upstream). */
  close(): Promise<void>;
}

/** How the test proxy behaves. */
export interface ConnectProxyOptions {
  /** `user:pass` the proxy requires in `Proxy-Authorization: Basic`; a 407 otherwise. @default none */
  readonly credentials?: string;
  /** Never answer CONNECT (a stuck proxy). @default false */
  readonly silent?: boolean;
}

const MAX_HEAD_BYTES = 16 * 1024;

/**
 * A small HTTP CONNECT proxy on node:net, for `https:` calls through a proxy:
 * it parses the CONNECT head, checks Basic credentials when asked to, opens
 * the upstream TCP connection, answers 200 and then pipes bytes both ways.
 */
export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const seen: SeenConnect[] = [];
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const expected =
    options.credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(options.credentials).toString('base64')}`;
  const server = net.createServer((client) => {
    track(client);
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) {
        if (received.length > MAX_HEAD_BYTES) client.destroy();
        return;
      }
      client.removeListener('data', onData);
      client.pause();
      const lines = received.subarray(0, end).toString('latin1').split('\r\n');
      const rest = received.subarray(end + 4);
      const headers = new Map<string, string>();
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const line = lines[0] ?? '';
      seen.push({ line, host: headers.get('host'), proxyAuthorization: headers.get('proxy-authorization') });
      if (options.silent === true) return;
      const [method, authority] = line.split(' ');
      if (method !== 'CONNECT' || authority === undefined) {
        client.end('HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      if (expected !== undefined && headers.get('proxy-authorization') !== expected) {
        client.end(
          'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n' +
            'Content-Length: 0\r\n\r\n',
        );
        return;
      }
      const colon = authority.lastIndexOf(':');
      const host = authority.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
      const upstream = net.connect({ host, port: Number(authority.slice(colon + 1)) });
      track(upstream);
      // Either side closing ends the tunnel (a half-closed pipe would linger).
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
      let established = false;
      upstream.once('error', () => {
        if (established) client.destroy();
        else client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      });
      upstream.once('connect', () => {
        established = true;
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}
