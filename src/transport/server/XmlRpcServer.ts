import { createServer as createHttpServer, STATUS_CODES } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import net from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { gunzip, gzip } from 'node:zlib';

import type { Logger } from '../../common/Logger.js';
import { silentLogger } from '../../common/Logger.js';
import { SpindleError } from '../../common/SpindleError.js';
import { AuthFailureLimiter } from './AuthFailureLimiter.js';
import { BasicAuth } from './BasicAuth.js';
import { checkLimits, SERVER_LIMIT_NAMES } from './checkLimits.js';
import { checkSubjectFields } from './checkSubjectFields.js';
import { documentationPage } from './documentationPage.js';
import { acceptsGzip, isXmlContentType, plainXmlHeaders, replyStatus } from './httpReplies.js';
import type { MethodOptions, RegisterInstanceOptions } from './MethodRegistry.js';
import { PendingCall } from './PendingCall.js';
import type { BodySink } from './PendingCall.js';
import { resolveTlsOptions } from './resolveTlsOptions.js';
import type { ResolvedTls } from './resolveTlsOptions.js';
import { ServerError } from './ServerError.js';
import { DEFAULT_SERVICE_PATHS } from './servicePaths.js';
import { ServiceDispatcher } from './ServiceDispatcher.js';
import type { ServiceRouteOptions, XmlRpcServerOptions } from './XmlRpcServerOptions.js';

interface Route {
  readonly dispatcher: ServiceDispatcher;
  readonly paths: readonly string[];
  readonly auth: BasicAuth | undefined;
  readonly documentation: boolean;
  readonly title: string;
}

const ALLOW_POST = ['Allow', 'POST'];
/** How long a closing server keeps idle keep-alive sockets open, answering with `Connection: close`. */
const DRAIN_GRACE_MS = 300;
/** Longest `X-Request-Id` echoed back (the log line keeps the same length). */
const MAX_REQUEST_ID_LENGTH = 200;

/**
 * Replaces Node's default answer to unparsable requests: a request cut off by
 * the client (EOF mid-body, reset) gets nothing written; a header timeout gets
 * 408; other garbage gets 400; the socket then closes.
 */
function onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
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
const ALLOW_GET_POST = ['Allow', 'GET, POST'];

/**
 * An XML-RPC server over HTTP or HTTPS: URL path → `ServiceDispatcher`, with
 * the HTTP rules of DESIGN §5 (POST only, body caps, gzip both ways with caps,
 * Content-Length always, keep-alive, tight timeouts, a connection cap) and a
 * graceful close that stops accepting, drains in-flight calls, then closes.
 */
export class XmlRpcServer {
  /** The underlying node:http or node:https server. */
  public readonly server: Server;
  private readonly routes = new Map<string, Route>();
  private readonly host: string;
  private readonly port: number;
  private readonly tls: ResolvedTls | undefined;
  private readonly logger: Logger;
  private readonly maxBodyBytes: number;
  private readonly maxInflatedBytes: number;
  private readonly gzipThreshold: number;
  private readonly closeTimeoutMs: number;
  private readonly acceptAnyContentType: boolean;
  private readonly authFailures: AuthFailureLimiter;
  private readonly maxConnectionsPerAddress: number;
  private readonly connectionsPerAddress = new Map<string, number>();
  private inFlight = 0;
  private onDrained: (() => void) | undefined;
  private closing = false;
  private closed: Promise<void> | undefined;

  public constructor(options: XmlRpcServerOptions = {}) {
    const limits = options.limits ?? {};
    checkLimits('limits', limits, SERVER_LIMIT_NAMES);
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port ?? 8000;
    if (!Number.isInteger(this.port) || this.port < 0 || this.port > 65535) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `port must be an integer 0..65535, got ${String(options.port)}`,
      );
    }
    this.logger = options.logger ?? silentLogger;
    this.maxBodyBytes = limits.maxBodyBytes ?? 1024 * 1024;
    this.maxInflatedBytes = limits.maxInflatedBytes ?? this.maxBodyBytes;
    this.gzipThreshold = limits.gzipThreshold ?? 1400;
    this.closeTimeoutMs = limits.closeTimeoutMs ?? 10_000;
    this.acceptAnyContentType = options.acceptAnyContentType ?? false;
    this.maxConnectionsPerAddress = limits.maxConnectionsPerAddress ?? 256;
    this.authFailures = new AuthFailureLimiter({
      maxFailures: limits.maxAuthFailures ?? 10,
      windowMs: limits.authFailureWindowMs ?? 60_000,
      lockoutMs: limits.authLockoutMs ?? 60_000,
    });
    const headersTimeout = limits.headersTimeoutMs ?? 10_000;
    const httpOptions = {
      headersTimeout,
      requestTimeout: Math.max(limits.requestTimeoutMs ?? 30_000, headersTimeout),
      keepAliveTimeout: limits.keepAliveTimeoutMs ?? 5000,
      // Node checks the two timeouts above only this often; its default of 30 s would defeat them.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
      noDelay: true,
    };
    this.tls = options.tls === undefined ? undefined : resolveTlsOptions(options.tls);
    this.server =
      this.tls === undefined
        ? createHttpServer(httpOptions, this.onRequest)
        : createHttpsServer({ ...httpOptions, ...this.tls.options }, this.onRequest);
    this.server.maxConnections = limits.maxConnections ?? 1024;
    this.server.on('clientError', onClientError);
    if (this.maxConnectionsPerAddress > 0) this.server.on('connection', this.onConnection);
    if (this.tls !== undefined) this.watchTls(this.tls);
  }

  /** Whether this server speaks HTTPS. */
  public get secure(): boolean {
    return this.tls !== undefined;
  }

  /** The TLS fingerprint (equal for equal settings), for shared-port checks. */
  public get tlsFingerprint(): string | undefined {
    return this.tls?.fingerprint;
  }

  /** Where the server listens, once `listen()` resolved. */
  public get address(): AddressInfo | undefined {
    const address = this.server.address();
    return address !== null && typeof address === 'object' ? address : undefined;
  }

  /** `http(s)://host:port` once listening (no trailing slash). */
  public get baseUrl(): string | undefined {
    const address = this.address;
    if (address === undefined) return undefined;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `${this.secure ? 'https' : 'http'}://${host}:${address.port}`;
  }

  /** The paths served, each once. */
  public get paths(): readonly string[] {
    return [...this.routes.keys()];
  }

  /**
   * Serves `dispatcher` on `paths` (see `servicePaths`). A path already in use
   * is a `SPINDLE_SERVER_CONFLICT`; Basic auth on plain HTTP is refused unless
   * `auth.allowInsecure`.
   */
  public addService(
    paths: readonly string[],
    dispatcher: ServiceDispatcher,
    options: ServiceRouteOptions = {},
  ): void {
    for (const path of paths) {
      if (this.routes.has(path)) {
        throw new ServerError(
          'SPINDLE_SERVER_CONFLICT',
          `a service is already exported at ${path} on this server`,
        );
      }
    }
    const auth = options.auth === undefined ? undefined : new BasicAuth(options.auth);
    if (auth !== undefined && !this.secure && !auth.allowInsecure) {
      throw new ServerError(
        'SPINDLE_SERVER_INSECURE_AUTH',
        `Basic auth on plain HTTP at ${paths.join(', ')} would send passwords in clear text; configure tls, or set auth.allowInsecure: true`,
      );
    }
    const route: Route = {
      dispatcher,
      paths,
      auth,
      documentation: options.documentation ?? false,
      title: options.title ?? paths[0] ?? '/',
    };
    for (const path of paths) this.routes.set(path, route);
  }

  /** Stops serving the service at `path` (and the other paths of the same service). */
  public removeService(path: string): boolean {
    const route = this.routes.get(path);
    if (route === undefined) return false;
    for (const p of route.paths) this.routes.delete(p);
    return true;
  }

  /** Registers a function on the default service (`/` and `/RPC2`), created on first use. */
  public registerFunction(
    name: string,
    fn: (...params: never[]) => unknown,
    options: MethodOptions = {},
  ): void {
    this.defaultDispatcher().registerFunction(name, fn, options);
  }

  /** Registers an object's public methods (or `options.methods`) on the default service. */
  public registerInstance(service: object, options: RegisterInstanceOptions = {}): readonly string[] {
    return this.defaultDispatcher().registerInstance(service, options);
  }

  /** Starts listening; resolves with the address (the real port when `port` was 0). */
  public async listen(): Promise<AddressInfo> {
    if (this.closing) throw new SpindleError('SPINDLE_CLOSED', 'the server was closed');
    await new Promise<void>((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException): void => {
        reject(
          new ServerError(
            'SPINDLE_SERVER_LISTEN_FAILED',
            `cannot listen on ${this.host}:${this.port}: ${error.code ?? error.message}`,
            { cause: error },
          ),
        );
      };
      this.server.once('error', onError);
      this.server.listen({ host: this.host, port: this.port }, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.server.on('error', (error) => {
      this.logger.error('server error', { error: error.message });
    });
    const address = this.address;
    if (address === undefined)
      throw new ServerError('SPINDLE_SERVER_LISTEN_FAILED', 'the server has no address');
    this.logger.info('XML-RPC server listening', { url: this.baseUrl, paths: this.paths });
    return address;
  }

  /**
   * Graceful close: stop accepting, let in-flight calls finish (up to
   * `closeTimeoutMs`), then close idle keep-alive sockets and cut the rest.
   * Safe to call twice.
   */
  public close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    if (!this.server.listening) return;
    const stopped = new Promise<void>((resolve) => {
      this.server.once('close', () => {
        resolve();
      });
    });
    // Stop accepting, but do not close idle keep-alive sockets yet (http.Server#close
    // would): a client may be writing its next request on one right now, and a socket
    // closed under it leaves that call's outcome unknown. For a short grace every
    // answer carries `Connection: close`, which moves busy clients off cleanly.
    net.Server.prototype.close.call(this.server);
    if ((await this.connectionCount()) > 0) {
      await new Promise<void>((resolve) => {
        // Kept referenced: it is short, and an unreferenced timer would let a
        // process whose last handle is this closing server exit mid-close.
        setTimeout(resolve, Math.min(DRAIN_GRACE_MS, this.closeTimeoutMs));
      });
    }
    // Now http.Server#close: closes the sockets still idle and its own timers.
    this.server.close();
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.closeTimeoutMs);
        this.onDrained = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    this.server.closeIdleConnections();
    const cut = setTimeout(() => {
      this.server.closeAllConnections();
    }, 200);
    await stopped;
    clearTimeout(cut);
  }

  private connectionCount(): Promise<number> {
    return new Promise((resolve) => {
      this.server.getConnections((error, count) => {
        resolve(error === null ? count : 0);
      });
    });
  }

  private defaultDispatcher(): ServiceDispatcher {
    const existing = this.routes.get('/');
    if (existing !== undefined) return existing.dispatcher;
    const dispatcher = new ServiceDispatcher({ logger: this.logger });
    this.addService(DEFAULT_SERVICE_PATHS, dispatcher);
    return dispatcher;
  }

  /** Drops client certificates whose subject fails `verifyFields`; logs why on the server only. */
  private watchTls(tls: ResolvedTls): void {
    this.server.on('tlsClientError', (error: Error, socket: TLSSocket) => {
      this.logger.warn('TLS handshake refused', {
        remoteAddress: socket.remoteAddress,
        reason: error.message,
      });
    });
    if (tls.requirements.length === 0) return;
    this.server.on('secureConnection', (socket: TLSSocket) => {
      const reason = checkSubjectFields(socket.getPeerCertificate().subject, tls.requirements);
      if (reason !== undefined) {
        this.logger.warn('client certificate refused', { remoteAddress: socket.remoteAddress, reason });
        socket.destroy();
      }
    });
  }

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const route = this.routes.get(query < 0 ? url : url.slice(0, query));
    if (route === undefined) {
      replyStatus(res, 404);
      return;
    }
    if (req.method !== 'POST') {
      if (req.method === 'GET' && route.documentation) this.replyDocumentation(res, route);
      else replyStatus(res, 405, route.documentation ? ALLOW_GET_POST : ALLOW_POST);
      return;
    }
    const headers = req.headers;
    let user: string | undefined;
    if (route.auth !== undefined) {
      const address = req.socket.remoteAddress ?? '';
      const wait = this.authFailures.lockedFor(address);
      if (wait > 0) {
        // Locked out: answer without looking at the credentials, so guessing gains nothing.
        replyStatus(res, 429, ['Retry-After', String(Math.ceil(wait / 1000))], true);
        return;
      }
      user = route.auth.check(headers.authorization);
      if (user === undefined) {
        // A missing header is a browser's first try, not a guess; only wrong credentials count.
        if (headers.authorization !== undefined && this.authFailures.fail(address)) {
          this.logger.warn('Basic auth locked out a client address', { remoteAddress: address });
        }
        replyStatus(res, 401, ['WWW-Authenticate', route.auth.challenge]);
        return;
      }
    }
    if (!this.acceptAnyContentType && !isXmlContentType(headers['content-type'])) {
      replyStatus(res, 415);
      return;
    }
    const encoding = headers['content-encoding'];
    const gzipped = encoding === 'gzip' || encoding === 'x-gzip';
    if (encoding !== undefined && !gzipped && encoding !== 'identity') {
      replyStatus(res, 415);
      return;
    }
    const length = headers['content-length'];
    if (length === undefined) {
      if (headers['transfer-encoding'] === undefined) {
        replyStatus(res, 411);
        return;
      }
    } else if (Number(length) > this.maxBodyBytes) {
      replyStatus(res, 413, [], true);
      return;
    }
    new PendingCall(req, res, route, user, gzipped, this.maxBodyBytes, this.sink).read();
  };

  /** Caps connections per client address: one host cannot take every slot of `maxConnections`. */
  private readonly onConnection = (socket: Socket): void => {
    const address = socket.remoteAddress ?? '';
    const open = this.connectionsPerAddress.get(address) ?? 0;
    if (open >= this.maxConnectionsPerAddress) {
      this.logger.warn('connection refused: too many from one address', { remoteAddress: address });
      socket.destroy();
      return;
    }
    this.connectionsPerAddress.set(address, open + 1);
    socket.once('close', () => {
      const left = (this.connectionsPerAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.connectionsPerAddress.delete(address);
      else this.connectionsPerAddress.set(address, left);
    });
  };

  /** Receives complete bodies from `PendingCall`s; one object per server, no per-request closure. */
  private readonly sink: BodySink<Route> = {
    bodyReady: (call, body) => {
      if (!call.gzipped) {
        this.dispatch(call, body);
        return;
      }
      gunzip(body, { maxOutputLength: this.maxInflatedBytes }, (error, inflated) => {
        if (error === null) {
          this.dispatch(call, inflated);
          return;
        }
        const status = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 413 : 400;
        replyStatus(call.res, status, [], true);
      });
    },
  };

  /**
   * Runs the call and writes its answer; never throws. A method that returned
   * a plain value is answered in this same tick: no promise, no microtask hop.
   */
  private dispatch(call: PendingCall<Route>, body: Buffer): void {
    this.inFlight++;
    let answer: Buffer | Promise<Buffer>;
    try {
      answer = call.route.dispatcher.respond(body, call);
    } catch (error) {
      this.dispatchFailed(call, error);
      return;
    }
    if (answer instanceof Promise) {
      answer.then(
        (response) => {
          this.answer(call, response);
        },
        (error: unknown) => {
          this.dispatchFailed(call, error);
        },
      );
    } else {
      this.answer(call, answer);
    }
  }

  /** Writes a dispatched call's response (gzipped when large and accepted), then counts it done. */
  private answer(call: PendingCall<Route>, response: Buffer): void {
    if (response.length > this.gzipThreshold && acceptsGzip(call.req.headers)) {
      gzip(response, (error, zipped) => {
        if (error === null) this.written(call, zipped, true);
        else this.dispatchFailed(call, error);
      });
      return;
    }
    this.written(call, response, false);
  }

  private written(call: PendingCall<Route>, response: Buffer, zipped: boolean): void {
    try {
      this.write(call, response, zipped);
    } catch (error) {
      this.dispatchFailed(call, error);
      return;
    }
    this.callDone();
  }

  /** respond() never throws; this guards the server against a broken dispatcher, gzip or socket. */
  private dispatchFailed(call: PendingCall<Route>, error: unknown): void {
    try {
      this.logger.error('dispatch failed', { error: String(error), requestId: call.requestId });
      // Headers already out means a half-written answer: cut it rather than leave the caller waiting.
      if (call.res.headersSent) call.res.destroy();
      else replyStatus(call.res, 500);
    } finally {
      this.callDone();
    }
  }

  private write(call: PendingCall<Route>, body: Buffer, zipped: boolean): void {
    const res = call.res;
    if (res.destroyed) return;
    const requestId = call.req.headers['x-request-id'];
    if (!zipped && !this.closing && typeof requestId !== 'string') {
      // The common answer: its header list depends on the length only, so it is built once per length.
      res.writeHead(200, plainXmlHeaders(body.length) as string[]);
      res.end(body);
      return;
    }
    const headers = ['Content-Type', 'text/xml', 'Content-Length', String(body.length)];
    if (zipped) headers.push('Content-Encoding', 'gzip', 'Vary', 'Accept-Encoding');
    // Echoed capped, like the log line, so a caller cannot make every answer huge.
    if (typeof requestId === 'string')
      headers.push('X-Request-Id', requestId.slice(0, MAX_REQUEST_ID_LENGTH));
    if (this.closing) {
      headers.push('Connection', 'close');
      res.shouldKeepAlive = false;
    }
    res.writeHead(200, headers);
    res.end(body);
  }

  private callDone(): void {
    this.inFlight--;
    if (this.inFlight === 0 && this.onDrained !== undefined) this.onDrained();
  }

  private replyDocumentation(res: ServerResponse, route: Route): void {
    const page = Buffer.from(documentationPage(route.title, route.dispatcher.registry.entries()), 'utf8');
    res.writeHead(200, ['Content-Type', 'text/html; charset=utf-8', 'Content-Length', String(page.length)]);
    res.end(page);
  }
}
