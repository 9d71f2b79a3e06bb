import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import { SpindleError } from '../common/index.js';
import type { ListenAddress } from './parseListenAddress.js';

/** An answer to a GET. */
export interface Page {
  readonly contentType: string;
  readonly body: string;
}

/** Produces the page for one path. */
export type PageHandler = () => Page | Promise<Page>;

/**
 * A small read-only HTTP server for `/metrics` and the status page: GET (and
 * HEAD) on registered paths, 404 elsewhere, 405 for other methods. Nothing
 * it serves changes state, and it never shows credentials.
 */
export class ObservabilityServer {
  readonly #server: Server;
  readonly #pages = new Map<string, PageHandler>();
  readonly #address: ListenAddress;

  public constructor(address: ListenAddress) {
    this.#address = address;
    this.#server = createServer((req, res) => {
      void this.#answer(req, res);
    });
    this.#server.keepAliveTimeout = 5000;
  }

  /** Serves `handler` at `path`. */
  public route(path: string, handler: PageHandler): void {
    this.#pages.set(path, handler);
  }

  /** `http://host:port` once listening. */
  public get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') return '';
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${String(address.port)}`;
  }

  /** Starts listening; rejects with `SPINDLE_OBSERVABILITY_LISTEN_FAILED`. */
  public async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        reject(
          new SpindleError(
            'SPINDLE_OBSERVABILITY_LISTEN_FAILED',
            `cannot listen on ${this.#address.host}:${String(this.#address.port)}: ${error.code ?? error.message}`,
            { cause: error },
          ),
        );
      };
      this.#server.once('error', onError);
      this.#server.listen({ host: this.#address.host, port: this.#address.port }, () => {
        this.#server.off('error', onError);
        resolve();
      });
    });
  }

  /** Stops listening and cuts open connections (browsers keep them alive). */
  public async close(): Promise<void> {
    if (!this.#server.listening) return;
    const closed = new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
    });
    this.#server.closeAllConnections();
    await closed;
  }

  async #answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = this.#pages.get(path);
    if (handler === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    try {
      const page = await handler();
      const body = Buffer.from(page.body, 'utf8');
      res.writeHead(200, {
        'Content-Type': page.contentType,
        'Content-Length': String(body.length),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
    }
  }
}
