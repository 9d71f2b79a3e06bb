import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import type { Logger } from '../../common/index.js';
import { silentLogger, SpindleError } from '../../common/index.js';
import { AuthFailureLimiter } from './AuthFailureLimiter.js';
import { authorizeRequest } from './authorizeRequest.js';
import { CallRunner } from './CallRunner.js';
import {
  checkLimits,
  DEFAULT_SERVICE_PATHS,
  SERVER_LIMIT_NAMES,
  ServiceDispatcher,
} from '../../rpc/index.js';
import { checkRequestBody, GZIP_BODY, PLAIN_BODY } from './checkRequestBody.js';
import { closeGracefully } from './closeGracefully.js';
import { ConnectionLimiter } from './ConnectionLimiter.js';
import { replyDocumentation } from './documentationPage.js';
import { HEALTHZ_PATH, isHealthPath, replyHealth } from './healthReplies.js';
import { replyStatus } from './httpReplies.js';
import type { MethodOptions, RegisterInstanceOptions } from '../../rpc/index.js';
import { onClientError } from './onClientError.js';
import { onIdleTimeout } from './onIdleTimeout.js';
import { PendingCall } from './PendingCall.js';
import type { Readiness, ReadinessState } from './Readiness.js';
import { resolveTlsOptions } from './resolveTlsOptions.js';
import type { ResolvedTls } from './resolveTlsOptions.js';
import { RouteTable } from './RouteTable.js';
import { ServerError } from './ServerError.js';
import { watchTls } from './watchTls.js';
import type { RefusedClients } from './watchTls.js';
import type { ServiceRouteOptions, XmlRpcServerOptions } from './XmlRpcServerOptions.js';

const ALLOW_POST = ['Allow', 'POST'];
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
  /** The services by URL path. */
  private readonly routes: RouteTable;
  private readonly host: string;
  private readonly port: number;
  private readonly tls: ResolvedTls | undefined;
  private readonly logger: Logger;
  private readonly maxBodyBytes: number;
  private readonly closeTimeoutMs: number;
  /** `maxResponseBytes` of the default service, made on first use. */
  private readonly maxResponseBytes: number | undefined;
  private readonly acceptAnyContentType: boolean;
  private readonly authFailures: AuthFailureLimiter;
  /** TLS connections whose client certificate was refused (empty without TLS). */
  private readonly refusedClients: RefusedClients | undefined;
  /** Runs complete bodies through their dispatcher and writes the answers. */
  private readonly calls: CallRunner;
  /** The connection caps; told of each request, so that only idle connections are shed. */
  private readonly connections: ConnectionLimiter;
  /** Whether `GET /healthz` and `GET /readyz` are answered (before any route or auth). */
  private readonly health: boolean;
  /** The process-wide readiness `/readyz` also follows, if any. */
  private readonly readiness: Readiness | undefined;
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
    this.calls = new CallRunner(
      {
        maxInflatedBytes: limits.maxInflatedBytes ?? this.maxBodyBytes,
        gzipThreshold: limits.gzipThreshold ?? 1400,
      },
      this.logger,
    );
    this.closeTimeoutMs = limits.closeTimeoutMs ?? 10_000;
    this.maxResponseBytes = limits.maxResponseBytes;
    this.acceptAnyContentType = options.acceptAnyContentType ?? false;
    this.health = options.health ?? false;
    this.readiness = options.readiness;
    const maxConnectionsPerAddress = limits.maxConnectionsPerAddress ?? 256;
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
    this.routes = new RouteTable(this.health, this.tls !== undefined);
    this.server =
      this.tls === undefined
        ? createHttpServer(httpOptions, this.onRequest)
        : createHttpsServer({ ...httpOptions, ...this.tls.options }, this.onRequest);
    this.server.on('clientError', onClientError);
    this.server.on('timeout', onIdleTimeout);
    // The limiter enforces maxConnections itself (not node's server.maxConnections, which drops
    // at accept), so that idle connections can give way to other addresses: see ConnectionLimiter.
    const caps = { maxConnections: limits.maxConnections ?? 1024, maxConnectionsPerAddress };
    this.connections = new ConnectionLimiter(caps, this.logger);
    this.connections.attach(this.server);
    this.refusedClients = this.tls === undefined ? undefined : watchTls(this.server, this.tls, this.logger);
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

  /**
   * What `GET /readyz` says: `ready` (200) while listening, not closing and the
   * `readiness` given (if any) is ready; else `starting` or `draining` (503).
   */
  public get readinessState(): ReadinessState {
    if (this.closing) return 'draining';
    if (!this.server.listening) return 'starting';
    return this.readiness?.state ?? 'ready';
  }

  /** The paths served, each once. */
  public get paths(): readonly string[] {
    return this.routes.paths;
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
    this.routes.add(paths, dispatcher, options);
  }

  /** Stops serving the service at `path` (and the other paths of the same service). */
  public removeService(path: string): boolean {
    return this.routes.remove(path);
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
    this.calls.closing = true;
    await closeGracefully(this.server, this.calls, this.closeTimeoutMs);
  }

  private defaultDispatcher(): ServiceDispatcher {
    const existing = this.routes.get('/');
    if (existing !== undefined) return existing.dispatcher;
    const dispatcher = new ServiceDispatcher({
      logger: this.logger,
      ...(this.maxResponseBytes === undefined ? {} : { maxResponseBytes: this.maxResponseBytes }),
    });
    this.addService(DEFAULT_SERVICE_PATHS, dispatcher);
    return dispatcher;
  }

  private readonly onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    this.connections.requestArrived(req);
    if (this.refusedClients?.has(req.socket) === true) {
      // Before anything else: a refused client learns nothing, and nothing runs.
      replyStatus(res, 403, [], true);
      return;
    }
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    if (this.health && (req.method === 'GET' || req.method === 'HEAD') && isHealthPath(path)) {
      // Before routes and auth: probes carry no credentials, and learn only up or not.
      replyHealth(res, req.method === 'HEAD', path === HEALTHZ_PATH ? 'ok' : this.readinessState);
      return;
    }
    const route = this.routes.get(path);
    if (route === undefined) {
      replyStatus(res, 404);
      return;
    }
    if (req.method !== 'POST') {
      if (req.method === 'GET' && route.documentation) replyDocumentation(res, route);
      else replyStatus(res, 405, route.documentation ? ALLOW_GET_POST : ALLOW_POST);
      return;
    }
    let user: string | undefined;
    if (route.auth !== undefined) {
      user = authorizeRequest(req, res, route.auth, this.authFailures, this.logger);
      if (user === undefined) return;
    }
    const body = checkRequestBody(req.headers, this.maxBodyBytes, this.acceptAnyContentType);
    if (body !== PLAIN_BODY && body !== GZIP_BODY) {
      // 413: the rest of the body is not read, so the connection cannot carry another request.
      replyStatus(res, body, [], body === 413);
      return;
    }
    new PendingCall(req, res, route, user, body === GZIP_BODY, this.maxBodyBytes, this.calls).read();
  };
}
