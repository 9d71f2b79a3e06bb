/**
 * The two pieces of "the internet" the client examples need, started on
 * 127.0.0.1 so the samples run offline: a web server that does not speak
 * XML-RPC (the seed points at www.google.com) and an HTTP proxy (the seed's
 * `proxy-server:8080`).
 */
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server started on a free port. */
export interface LocalServer {
  readonly port: number;
  /** For the proxy: every request it forwarded, as `METHOD absolute-URL`. */
  readonly seen: readonly string[];
  close(): Promise<void>;
}

async function listen(server: Server, seen: readonly string[]): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A plain web site: every request gets an HTML "404 Not Found" page. */
export function startWebServer(): Promise<LocalServer> {
  const server = createServer((req, res) => {
    req.resume();
    const body = '<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>\n';
    res.writeHead(404, 'Not Found', {
      'Content-Type': 'text/html; charset=UTF-8',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  return listen(server, []);
}

/** A forward HTTP proxy for `http://` requests in absolute form (`POST http://host:port/path`). */
export function startHttpProxy(): Promise<LocalServer> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute URL expected\n');
      return;
    }
    seen.push(`${req.method ?? '?'} ${target.href}`);
    const upstream = request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  return listen(server, seen);
}
