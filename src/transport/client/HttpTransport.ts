import net from 'node:net';
import type { ConnectionOptions } from 'node:tls';

import { SpindleError } from '../../common/index.js';
import type { ChannelCall, ClientChannel } from '../../rpc/index.js';
import { HttpConnection } from './HttpConnection.js';
import { HttpExchange } from './HttpExchange.js';
import { IdleConnections } from './IdleConnections.js';
import { DeadlineWatch } from './DeadlineWatch.js';
import { KeepAliveTrust } from './KeepAliveTrust.js';
import { httpEndpoint, INVALID_HEADER_VALUE } from './httpEndpoint.js';
import { metadataHeaders } from './metadataHeaders.js';
import type { TunnelTarget } from './connectTunnel.js';
import { tlsConnectOptions } from './tlsConnectOptions.js';
import type { HttpTransportOptions } from './HttpTransportOptions.js';

export type { ExchangeOptions, HttpTransportOptions } from './HttpTransportOptions.js';

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/**
 * The `ClientChannel` of `http:`/`https:` URLs: posts request bodies to one
 * URL and returns the response body. It is a lean HTTP/1.1 client of its own on `net`/`tls`
 * sockets (node:http's client costs more than the rest of a call): a pool of
 * keep-alive connections, each request written in one `write`, the response
 * read by `ResponseParser`. A connection is reused only once the server is
 * known to keep connections open after a response (`KeepAliveTrust`). It
 * knows nothing of XML-RPC; every failure leaves it as a `TransportError`
 * whose outcome says whether the request may have run.
 *
 * It meets `ExchangeHost` and `ConnectionOwner` without an `implements`
 * clause: their members here are internal (stripped from the published
 * .d.ts), where the clause would no longer hold. Passing `this` to
 * `HttpExchange` and `HttpConnection` still checks both contracts.
 */
export class HttpTransport implements ClientChannel {
  /** The URL without credentials. */
  public readonly description: string;
  /** Every exchange ends within its `timeoutMs` (`DeadlineWatch`). */
  public readonly settlesWithinTimeout = true;
  /** @internal Whether the URL is `https:`. */
  public readonly secure: boolean;
  /** @internal */
  public readonly maxResponseBytes: number;
  private readonly connectHost: string;
  private readonly connectPort: number;
  /** The origin to tunnel to, for `https:` through a proxy. */
  private readonly tunnel: TunnelTarget | undefined;
  /** The request line and the headers every call sends, up to the per-call ones (latin1). */
  private readonly headPrefix: Buffer;
  private readonly tlsOptions: ConnectionOptions;
  private tlsSession: Buffer | undefined;
  private readonly onSession = (session: Buffer): void => {
    this.tlsSession = session;
  };
  private readonly maxSockets: number;
  /** Idle keep-alive connections, most recently used last (taken LIFO). */
  private readonly idle = new IdleConnections<HttpConnection>();
  private readonly open = new Set<HttpConnection>();
  /** Exchanges waiting for a connection while `maxSockets` are busy, first come first served. */
  private readonly waiting: HttpExchange[] = [];
  /** Whether the server keeps connections open after a response, as learnt so far. */
  private readonly trust = new KeepAliveTrust<HttpConnection>();
  private closed = false;
  /** @internal ExchangeHost */
  public readonly deadlines = new DeadlineWatch<HttpExchange>();

  public constructor(url: URL, options: HttpTransportOptions = {}) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `HttpTransport: unsupported URL scheme '${url.protocol}'`,
      );
    }
    this.secure = url.protocol === 'https:';
    this.description = `${url.protocol}//${url.host}${url.pathname}${url.search}`;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.maxSockets = Math.max(1, options.maxSockets ?? 256);
    const endpoint = httpEndpoint(url, this.secure, options);
    this.connectHost = endpoint.connectHost;
    this.connectPort = endpoint.connectPort;
    this.tunnel = endpoint.tunnel;
    this.headPrefix = endpoint.headPrefix;
    this.tlsOptions = this.secure
      ? tlsConnectOptions(options.tls ?? {}, options.logger, this.description)
      : {};
  }

  /**
   * Sends `body` and resolves to the response body of a 200 answer, or
   * rejects with a `TransportError` (a `ProtocolError` for another status).
   * Reads `timeoutMs`, `signal`, `requestId` and `idempotent` of the call.
   */
  public exchange(body: Buffer, options: ChannelCall): Promise<Buffer> {
    if (this.closed) {
      return Promise.reject(new SpindleError('SPINDLE_CLOSED', `${this.description}: client is closed`));
    }
    if (INVALID_HEADER_VALUE.test(options.requestId)) {
      return Promise.reject(
        new SpindleError(
          'SPINDLE_INVALID_ARGUMENT',
          `${this.description}: requestId: control characters are not allowed`,
        ),
      );
    }
    const metadata = options.metadata === undefined ? '' : metadataHeaders(options.metadata);
    if (typeof metadata !== 'string') return Promise.reject(metadata);
    // The fixed part of the head is copied as bytes; only the per-call headers
    // are written from text. Spindle-Timeout is the time this call will still
    // wait, so the server can refuse or abandon work nobody waits for.
    const prefix = this.headPrefix;
    const timeout = Math.max(0, Math.floor(options.timeoutMs));
    const tail = `Content-Length: ${body.length}\r\nX-Request-Id: ${options.requestId}\r\nSpindle-Timeout: ${timeout}\r\n${metadata}\r\n`;
    const headLength = prefix.length + tail.length;
    const request = Buffer.allocUnsafe(headLength + body.length);
    prefix.copy(request, 0);
    request.write(tail, prefix.length, 'latin1');
    body.copy(request, headLength);
    return new Promise((resolve, reject) => {
      new HttpExchange(
        this,
        request,
        options.timeoutMs,
        options.signal,
        options.idempotent === true,
        resolve,
        reject,
      ).start();
    });
  }

  /** @deprecated The former name of `exchange`. */
  public post(body: Buffer, options: ChannelCall): Promise<Buffer> {
    return this.exchange(body, options);
  }

  /**
   * Closes every socket; calls still in flight fail (outcome by how far they
   * got) and later calls fail with `SPINDLE_CLOSED`. Done when it returns;
   * the promise is the `ClientChannel` contract's.
   */
  public close(): Promise<void> {
    this.shutdown();
    return Promise.resolve();
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.idle.clear();
    this.trust.clear();
    for (const connection of [...this.open]) connection.abort(clientClosed());
    for (const exchange of this.waiting.splice(0)) exchange.onFailure(clientClosed());
    this.deadlines.clear();
  }

  /** @internal ExchangeHost */
  public acquire(exchange: HttpExchange, fresh: boolean): void {
    if (this.closed) {
      exchange.onFailure(clientClosed());
      return;
    }
    if (!fresh) {
      const connection = this.idle.take();
      if (connection !== undefined) {
        this.hand(exchange, connection);
        return;
      }
      if (!this.makeRoom()) {
        this.waiting.push(exchange);
        return;
      }
    }
    // A retry never waits: it replaces a stale connection that just went away.
    this.hand(exchange, this.connect());
  }

  /** @internal ExchangeHost */
  public cancelWait(exchange: HttpExchange): void {
    if (this.waiting.length === 0) return;
    const index = this.waiting.indexOf(exchange);
    if (index >= 0) this.waiting.splice(index, 1);
  }

  /** @internal ConnectionOwner */
  public responded(connection: HttpConnection, reusable: boolean, announced: boolean): boolean {
    for (const proven of this.trust.responded(connection, announced)) this.release(proven);
    if (!reusable || this.closed) return false;
    switch (this.trust.verdict) {
      case 'trusted':
        this.release(connection);
        return true;
      case 'closes':
        return false;
      case 'unproven':
        // A call waiting for a free slot cannot take this connection: it gets
        // the slot, on a new connection, once this one is closed.
        if (this.waiting.length > 0 && this.open.size >= this.maxSockets) return false;
        this.trust.hold(connection);
        connection.park();
        return true;
    }
  }

  /** @internal ConnectionOwner */
  public forget(connection: HttpConnection): void {
    if (!this.open.delete(connection)) return;
    this.idle.delete(connection);
    if (this.closed) return;
    // A held connection the server closed right after its response: the
    // others held will never be reused either.
    for (const useless of this.trust.closed(connection)) useless.destroy();
    if (this.open.size >= this.maxSockets) return;
    const next = this.nextWaiter();
    if (next !== undefined) this.hand(next, this.connect());
  }

  /** Gives a connection that may carry another request to the next waiting call, or parks it. */
  private release(connection: HttpConnection): void {
    if (this.closed) {
      connection.destroy();
      return;
    }
    const next = this.nextWaiter();
    if (next === undefined) {
      this.idle.park(connection);
      return;
    }
    this.hand(next, connection);
  }

  /** Sends `exchange` on `connection`, noting when it started for `KeepAliveTrust`. */
  private hand(exchange: HttpExchange, connection: HttpConnection): void {
    this.trust.starting(connection);
    exchange.attach(connection);
  }

  /**
   * Whether a new connection may open now (below `maxSockets`), closing the
   * oldest connections held by `KeepAliveTrust` to make room if need be.
   */
  private makeRoom(): boolean {
    while (this.open.size >= this.maxSockets) {
      const held = this.trust.takeOldest();
      if (held === undefined) return false;
      held.destroy();
    }
    return true;
  }

  /**
   * The first waiting exchange whose deadline has not passed. Those whose has
   * are about to be failed by the deadline watch (as not executed): they must
   * not be sent now.
   */
  private nextWaiter(): HttpExchange | undefined {
    const now = performance.now();
    let next = this.waiting.shift();
    while (next !== undefined && next.deadline <= now) next = this.waiting.shift();
    return next;
  }

  private connect(): HttpConnection {
    const originHost = this.tunnel?.host ?? this.connectHost;
    const connection = new HttpConnection(
      {
        host: this.connectHost,
        port: this.connectPort,
        tls: this.secure
          ? {
              ...(net.isIP(originHost) === 0 ? { servername: originHost } : {}),
              ...(this.tlsSession === undefined ? {} : { session: this.tlsSession }),
              ...this.tlsOptions,
            }
          : undefined,
        onSession: this.secure ? this.onSession : undefined,
        tunnel: this.tunnel,
      },
      this,
      this.maxResponseBytes,
    );
    this.open.add(connection);
    return connection;
  }
}

/** The failure of calls in flight when the client is closed. */
function clientClosed(): Error {
  return Object.assign(new Error('the client was closed'), { code: 'ERR_CLIENT_CLOSED' });
}
