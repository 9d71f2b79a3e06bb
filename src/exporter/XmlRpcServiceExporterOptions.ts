import type { Logger } from '../common/index.js';
import type { DecodeLimits, DecodeOptions } from '../codec/index.js';
import type { BasicAuthOptions, ServerLimits, TlsServerOptions } from '../transport/index.js';
import type { MethodOptions, ServerInterceptor } from '../rpc/index.js';

/**
 * Limits of an exporter: the server's HTTP limits (shared by every exporter on
 * one port; the first exporter's win) and this service's call limits.
 */
export interface ExporterLimits extends ServerLimits {
  /** Time a method may run before the caller gets fault −32603; 0 disables. @default 30000 */
  readonly callTimeoutMs?: number;
  /** Most calls in one `system.multicall`. @default 1000 */
  readonly maxMulticallCalls?: number;
  /**
   * Most bytes of one response body of this service (before gzip), a
   * `system.multicall`'s entries counted together. A larger result is fault
   * −32603 naming the limit (the method ran); the multicall entries after the
   * one that does not fit are not run. Per exporter, unlike the HTTP limits.
   * @default 16777216 (16 MiB, what a Spindle client reads by default)
   */
  readonly maxResponseBytes?: number;
  /** Decode limits for requests (depth, elements, bytes, string and name length). @default the codec's defaults */
  readonly decode?: Partial<DecodeLimits>;
}

/** Everything an `XmlRpcServiceExporter` is configured with (DESIGN §3). */
export interface XmlRpcServiceExporterOptions {
  /** The object whose methods are served. */
  readonly service: object;
  /** URL path of the service (`/ServiceName`). @default undefined (served at `/` and `/RPC2`) */
  readonly serviceName?: string;
  /** Interface to listen on. @default "127.0.0.1" */
  readonly serviceHost?: string;
  /** Port to listen on; 0 picks a free port (read `url` after `start()`). @default 8000 */
  readonly servicePort?: number;
  /**
   * Exactly the methods to export. Without it: the object's own public methods,
   * never `_`-prefixed ones, lifecycle hooks or `Object` members.
   * @default undefined
   */
  readonly methods?: readonly string[];
  /** Signatures and help per method, for introspection and the documentation page. @default {} */
  readonly methodInfo?: Readonly<Record<string, MethodOptions>>;
  /** Methods safe to send twice; advertised in `system.getCapabilities` for pools. @default [] */
  readonly idempotent?: readonly string[];
  /** Offer `system.multicall`. @default true */
  readonly multicall?: boolean;
  /** Offer `system.listMethods`, `system.methodSignature`, `system.methodHelp`. @default true */
  readonly introspection?: boolean;
  /** Serve HTTPS. Every exporter on one port must give the same TLS. @default undefined (HTTP) */
  readonly tls?: TlsServerOptions;
  /** HTTP Basic auth for this service. @default undefined */
  readonly auth?: BasicAuthOptions;
  /** HTTP and call limits. @default see ExporterLimits */
  readonly limits?: ExporterLimits;
  /** Where the exporter logs (start, refused connections, failed methods). @default silentLogger */
  readonly logger?: Logger;
  /** Answer GET on the service path with an HTML page of its methods. @default false */
  readonly documentation?: boolean;
  /**
   * How arguments reach the service: `dateTimes` (`'date'`: a `Date`, a
   * zone-less text read as UTC; `'naive'`: an `XmlRpcDateTime`) and `structs`
   * (`'object'`: plain objects; `'null-prototype'`). See docs/codec.md.
   * @default { dateTimes: 'date', structs: 'object' }
   */
  readonly decoding?: DecodeOptions;
  /**
   * Also read requests from web browsers (an `Origin` or `Sec-Fetch-Site`
   * header) whatever their Content-Type; other clients are always read
   * whatever it says, or without one. See `XmlRpcServerOptions`.
   * @default false
   */
  readonly acceptAnyContentType?: boolean;
  /**
   * Code around every method call of this service (auth checks, tracing,
   * metrics), composed in order, the first outermost: functions
   * `(call, next) => Promise<result>` or objects with such an `intercept`
   * method (a context file gives refs). See docs/interceptors.md.
   * @default [] (methods are called directly)
   */
  readonly interceptors?: readonly ServerInterceptor[];
  /**
   * Answer `GET /healthz` and `GET /readyz` on this exporter's server (see
   * `XmlRpcServerOptions.health`); server-level, so the first exporter on a
   * port decides, as for `limits`. `spindle run` turns it on for every server.
   * @default false
   */
  readonly health?: boolean;
}
