import type { Logger } from '../../common/index.js';
import type { BasicAuthOptions } from './BasicAuth.js';
import type { Readiness } from './Readiness.js';
import type { TlsServerOptions } from './resolveTlsOptions.js';

/** HTTP-level limits of a server. The defaults are tight on purpose; raise what you need. */
export interface ServerLimits {
  /** Largest request body on the wire, checked on Content-Length and while streaming; more is 413. @default 1048576 (1 MiB) */
  readonly maxBodyBytes?: number;
  /** Largest body after gzip inflation; more is 413 (a gzip bomb stops here). @default maxBodyBytes */
  readonly maxInflatedBytes?: number;
  /** Responses larger than this are gzipped when the client accepts gzip (CPython's threshold). @default 1400 */
  readonly gzipThreshold?: number;
  /** Time allowed for a request's headers; then 408 and the socket closes (slowloris). @default 10000 */
  readonly headersTimeoutMs?: number;
  /** Time allowed to receive a whole request (headers and body). @default 30000 */
  readonly requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open. @default 5000 */
  readonly keepAliveTimeoutMs?: number;
  /**
   * Most simultaneous connections. At the cap, the oldest connection that has
   * sent no request, from the address holding the most connections, is closed
   * to admit a newcomer from an address holding fewer; otherwise the newcomer
   * is dropped at accept (fair load shedding: an idle flood from a few
   * addresses cannot lock other clients out).
   * @default 1024
   */
  readonly maxConnections?: number;
  /** Most simultaneous connections from one client address; further ones are dropped at accept (a single Spindle client opens at most 256). 0 disables. @default 256 */
  readonly maxConnectionsPerAddress?: number;
  /** Failed Basic-auth attempts one client address may make per `authFailureWindowMs`; 0 disables. @default 10 */
  readonly maxAuthFailures?: number;
  /** Window in which failed Basic-auth attempts are counted, in milliseconds. @default 60000 */
  readonly authFailureWindowMs?: number;
  /** How long an address over `maxAuthFailures` is answered 429 without any check, in milliseconds. @default 60000 */
  readonly authLockoutMs?: number;
  /** On close, how long in-flight calls may finish before connections are cut. @default 10000 */
  readonly closeTimeoutMs?: number;
  /**
   * Most bytes of one response body (before gzip) of the service made by
   * `registerFunction`/`registerInstance`; see `ServiceDispatcherOptions`. An
   * exporter's own `limits.maxResponseBytes` bounds its service instead.
   * @default 16777216 (16 MiB)
   */
  readonly maxResponseBytes?: number;
}

/** Options of an `XmlRpcServer`. */
export interface XmlRpcServerOptions {
  /** Interface to listen on. @default "127.0.0.1" */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one (see `address` after `listen()`). @default 8000 */
  readonly port?: number;
  /** Serve HTTPS with these settings. @default undefined (plain HTTP) */
  readonly tls?: TlsServerOptions;
  /** HTTP-level limits. @default see ServerLimits */
  readonly limits?: ServerLimits;
  /** Where the server logs refused connections, failed calls and listening. @default silentLogger */
  readonly logger?: Logger;
  /**
   * Also read requests from web browsers whatever their Content-Type. Other
   * clients are always read whatever their Content-Type, or without one (as
   * CPython's server does); a request with an `Origin` or `Sec-Fetch-Site`
   * header (a browser) must say `text/xml` or `application/xml`, else 415,
   * because a web page can make a browser send other types to any server
   * without asking it first (cross-site request forgery).
   * @default false
   */
  readonly acceptAnyContentType?: boolean;
  /**
   * Answer `GET /healthz` (200 while the process serves: liveness) and
   * `GET /readyz` (200 while listening, not closing and `readiness` is ready;
   * 503 otherwise: readiness) before any service route, without Basic auth and
   * without counting as calls. `spindle run` turns it on for the servers it starts.
   * @default false
   */
  readonly health?: boolean;
  /**
   * A process-wide readiness that `/readyz` also follows (503 while it is
   * `starting` or `draining`), shared by every server of the process.
   * @default undefined (ready once listening)
   */
  readonly readiness?: Readiness;
}

/** Per-service options of `XmlRpcServer.addService`. */
export interface ServiceRouteOptions {
  /** HTTP Basic auth for this service. @default undefined (no auth) */
  readonly auth?: BasicAuthOptions;
  /** Answer GET with an HTML page of the methods, signatures and help. @default false */
  readonly documentation?: boolean;
  /** Title of the documentation page. @default the service path */
  readonly title?: string;
}
