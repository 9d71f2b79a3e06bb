import type { ApplicationContext } from '../builtins/index.js';
import { CallRecorder } from './CallRecorder.js';
import { ContextView } from './ContextView.js';
import type { LevelLogger } from './createLogger.js';
import { ObservabilityServer } from './ObservabilityServer.js';
import type { ListenAddress } from './parseListenAddress.js';
import { SpindleMetrics } from './SpindleMetrics.js';
import { STATUS_PAGE_HTML } from './statusPage.js';
import { statusSnapshot } from './statusSnapshot.js';

/** Options of {@link Observability}. */
export interface ObservabilityOptions {
  /** Where call lines go (debug for results, info for faults, warn for transport failures). */
  readonly logger: LevelLogger;
  /** Serve Prometheus metrics at `/metrics` on this address. @default no metrics */
  readonly metrics?: ListenAddress;
  /** Serve the status page at `/` (data at `/status.json`) on this address. @default no status page */
  readonly status?: ListenAddress;
}

const sameAddress = (a: ListenAddress, b: ListenAddress): boolean =>
  a.host === b.host && a.port === b.port && a.port !== 0;

/**
 * Logs, metrics and the status page of one `spindle run`. Create it before
 * the context loads (so calls made while loading are logged), `attach` the
 * loaded context (labels, pools, exporters; starts the endpoints), `close`
 * after the context closed.
 *
 * @example
 * const observability = new Observability({ logger, metrics: { host: '127.0.0.1', port: 9464 } });
 * const ctx = await ApplicationContext.load(files, { logger });
 * await observability.attach(ctx);
 */
export class Observability {
  /** The call recorder (counters shown on the status page). */
  public readonly recorder: CallRecorder;
  /** The Prometheus metrics, when `metrics` was given. */
  public readonly metrics: SpindleMetrics | undefined;
  readonly #options: ObservabilityOptions;
  readonly #servers: ObservabilityServer[] = [];
  #metricsUrl: string | undefined;
  #statusUrl: string | undefined;

  public constructor(options: ObservabilityOptions) {
    this.#options = options;
    this.recorder = new CallRecorder(options.logger);
    if (options.metrics !== undefined) {
      this.metrics = new SpindleMetrics(this.recorder);
      this.recorder.addSink(this.metrics);
    }
    this.recorder.start();
  }

  /** `http://host:port/metrics` once attached with metrics on. */
  public get metricsUrl(): string | undefined {
    return this.#metricsUrl;
  }

  /** `http://host:port/` once attached with the status page on. */
  public get statusUrl(): string | undefined {
    return this.#statusUrl;
  }

  /** Observes `ctx` and starts the endpoints. Rejects (and releases what it opened) when one cannot listen. */
  public async attach(ctx: ApplicationContext): Promise<void> {
    const view = new ContextView(ctx);
    this.recorder.attach(view);
    this.metrics?.attach(view);
    const { metrics, status } = this.#options;
    let metricsServer: ObservabilityServer | undefined;
    let statusServer: ObservabilityServer | undefined;
    if (metrics !== undefined && this.metrics !== undefined) {
      const registry = this.metrics;
      metricsServer = new ObservabilityServer(metrics);
      metricsServer.route('/metrics', () => registry.render());
      this.#servers.push(metricsServer);
    }
    if (status !== undefined) {
      const shared = metrics !== undefined && sameAddress(metrics, status) ? metricsServer : undefined;
      statusServer = shared ?? new ObservabilityServer(status);
      statusServer.route('/', () => ({ contentType: 'text/html; charset=utf-8', body: STATUS_PAGE_HTML }));
      statusServer.route('/status.json', () => ({
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify(statusSnapshot(view, this.recorder, ctx.files)),
      }));
      if (shared === undefined) this.#servers.push(statusServer);
    }
    try {
      for (const server of this.#servers) await server.listen();
    } catch (error) {
      await this.close();
      throw error;
    }
    if (metricsServer !== undefined) this.#metricsUrl = `${metricsServer.url}/metrics`;
    if (statusServer !== undefined) this.#statusUrl = `${statusServer.url}/`;
  }

  /** Stops the endpoints and the recording; safe to call twice. */
  public async close(): Promise<void> {
    this.recorder.stop();
    const servers = this.#servers.splice(0);
    await Promise.all(servers.map((server) => server.close()));
  }
}
