import type { AddressInfo } from 'node:net';

import type { Logger } from '../common/index.js';
import { silentLogger, SpindleError } from '../common/index.js';
import type { DecodeLimits } from '../codec/index.js';
import { DEFAULT_DECODE_LIMITS } from '../codec/index.js';
import { checkLimits, SERVER_LIMIT_NAMES, ServiceDispatcher, servicePaths } from '../rpc/index.js';
import { resolveTlsOptions } from '../transport/index.js';
import type { XmlRpcServer } from '../transport/index.js';
import { acquireServer, releaseServer } from './sharedServers.js';
import type { XmlRpcServiceExporterOptions } from './XmlRpcServiceExporterOptions.js';

function invalid(message: string): SpindleError {
  return new SpindleError('SPINDLE_INVALID_ARGUMENT', message);
}

/** A port from a number or a numeric string (context files give text). */
function portOf(value: number | string | undefined): number {
  if (value === undefined) return 8000;
  const port = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw invalid(`servicePort must be an integer 0..65535, got ${JSON.stringify(value)}`);
  }
  return port;
}

/**
 * Serves an ordinary object over XML-RPC (Spring Python's
 * `ServiceExporter`). The container calls `start()` at init and `close()` at
 * destroy; exporters on one host:port share one server, dispatched by path.
 *
 * ```ts
 * const exporter = new XmlRpcServiceExporter({ service: new Calculator(), serviceName: 'Calculator', servicePort: 7000 });
 * const url = await exporter.start();   // 'http://127.0.0.1:7000/Calculator'
 * ```
 */
export class XmlRpcServiceExporter {
  /** The dispatcher (bytes in, bytes out) this exporter serves; reusable without HTTP. */
  public readonly dispatcher: ServiceDispatcher;
  /** The exported method names (without `system.*`), sorted. */
  public readonly methods: readonly string[];
  /** The URL paths this service answers on. */
  public readonly paths: readonly string[];
  private readonly options: XmlRpcServiceExporterOptions;
  private readonly host: string;
  private readonly port: number;
  private readonly logger: Logger;
  private server: XmlRpcServer | undefined;
  private starting: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  public constructor(options: XmlRpcServiceExporterOptions) {
    if (
      typeof options !== 'object' ||
      (typeof options.service !== 'object' && typeof options.service !== 'function')
    ) {
      throw invalid('XmlRpcServiceExporter needs a service object (property "service")');
    }
    this.options = options;
    this.host = options.serviceHost ?? '127.0.0.1';
    this.port = portOf(options.servicePort);
    this.paths = servicePaths(options.serviceName);
    this.logger = options.logger ?? silentLogger;
    if (options.tls !== undefined) resolveTlsOptions(options.tls); // refuse bad TLS settings now, not at start
    const limits = options.limits ?? {};
    // Checked now, not when the shared server starts: a bad limit names itself at creation.
    checkLimits('limits', limits, [...SERVER_LIMIT_NAMES, 'callTimeoutMs', 'maxMulticallCalls']);
    // A context file's empty `decode:` (null) means the codec's defaults, as an empty `limits:` does.
    const decode = (limits.decode as DecodeLimits | null | undefined) ?? undefined;
    checkLimits('limits.decode', decode, Object.keys(DEFAULT_DECODE_LIMITS));
    this.dispatcher = new ServiceDispatcher({
      name: options.serviceName ?? 'default',
      logger: this.logger,
      ...(options.multicall === undefined ? {} : { multicall: options.multicall }),
      ...(options.introspection === undefined ? {} : { introspection: options.introspection }),
      ...(options.idempotent === undefined ? {} : { idempotent: options.idempotent }),
      ...(limits.callTimeoutMs === undefined ? {} : { callTimeoutMs: limits.callTimeoutMs }),
      ...(limits.maxMulticallCalls === undefined ? {} : { maxMulticallCalls: limits.maxMulticallCalls }),
      ...(limits.maxResponseBytes === undefined ? {} : { maxResponseBytes: limits.maxResponseBytes }),
      ...(decode === undefined ? {} : { decodeLimits: decode }),
      ...(options.decoding === undefined ? {} : { decoding: options.decoding }),
      ...(options.interceptors === undefined ? {} : { interceptors: options.interceptors }),
    });
    this.methods = Object.freeze(
      [
        ...this.dispatcher.registerInstance(options.service, {
          ...(options.methods === undefined ? {} : { methods: options.methods }),
          ...(options.methodInfo === undefined ? {} : { methodInfo: options.methodInfo }),
        }),
      ].sort(),
    );
    for (const name of options.idempotent ?? []) {
      if (!this.methods.includes(name)) throw invalid(`idempotent: '${name}' is not an exported method`);
    }
  }

  /**
   * `http(s)://host:port/ServiceName` (or `…/` for the default service) once started;
   * `undefined` before `start()` has resolved and after `close()`. `await start()` gives the
   * same URL typed as a `string`.
   */
  public get url(): string | undefined {
    const base = this.server?.baseUrl;
    if (base === undefined) return undefined;
    return this.paths === servicePaths(undefined) ? `${base}/` : `${base}${this.paths[0] ?? '/'}`;
  }

  /** The address the server listens on once started (the real port when `servicePort` was 0). */
  public get address(): AddressInfo | undefined {
    return this.server?.address;
  }

  /**
   * Starts serving and resolves to the URL it serves (the `url` getter is `undefined` until
   * then; with `servicePort: 0` this is where the real port shows). Safe to call twice.
   * Rejects with a `ServerError` when the port or path is taken.
   */
  public async start(): Promise<string> {
    if (this.closing !== undefined) throw new SpindleError('SPINDLE_CLOSED', 'the exporter was closed');
    this.starting ??= this.open();
    await this.starting;
    const url = this.url;
    // Closed while starting: there is no URL to give, and the caller should know why.
    if (url === undefined) throw new SpindleError('SPINDLE_CLOSED', 'the exporter was closed');
    return url;
  }

  /** Stops serving (draining in-flight calls); the last exporter on a port closes the server. Safe to call twice. */
  public close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async open(): Promise<void> {
    const options = this.options;
    const server = await acquireServer({
      host: this.host,
      port: this.port,
      logger: this.logger,
      ...(options.tls === undefined ? {} : { tls: options.tls }),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      ...(options.acceptAnyContentType === undefined
        ? {}
        : { acceptAnyContentType: options.acceptAnyContentType }),
      ...(options.health === undefined ? {} : { health: options.health }),
    });
    try {
      server.addService(this.paths, this.dispatcher, {
        ...(options.auth === undefined ? {} : { auth: options.auth }),
        documentation: options.documentation ?? false,
        title: options.serviceName ?? 'XML-RPC service',
      });
    } catch (error) {
      await releaseServer(server);
      throw error;
    }
    this.server = server;
    this.logger.info('exporting service', { url: this.url, methods: this.methods });
  }

  private async shutdown(): Promise<void> {
    if (this.starting !== undefined) await this.starting.catch(() => undefined);
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    server.removeService(this.paths[0] ?? '/');
    await releaseServer(server);
    this.logger.info('stopped exporting service', { service: this.options.serviceName ?? 'default' });
  }
}
