import { createRequire } from 'node:module';

import type * as PromClient from 'prom-client';
import type { Counter, Histogram, Registry } from 'prom-client';

import type { ClientCallEnd, ServerCallEnd } from '../common/index.js';
import type { MemberState } from '../ha/index.js';
import type { CallRecorder } from './CallRecorder.js';
import type { CallSink } from './CallSink.js';
import type { ContextView, TargetLabels } from './ContextView.js';

/** Latency buckets in seconds: sub-millisecond loopback calls up to the 30 s default timeout. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const MEMBER_STATES: readonly MemberState[] = ['healthy', 'ejected', 'probing', 'removed'];
/** Fault −32601: the method name came from the caller and is unbounded; it is not a label. */
const METHOD_NOT_FOUND = -32601;

let promClient: typeof PromClient | undefined;

/** prom-client, required when the first `SpindleMetrics` is made: `spindle run` without `--metrics` never loads it. */
function loadPromClient(): typeof PromClient {
  promClient ??= createRequire(import.meta.url)('prom-client') as typeof PromClient;
  return promClient;
}

/**
 * Spindle's Prometheus metrics (prom-client), in a registry of their own:
 * calls, faults, transport failures, latency histograms and in-flight calls,
 * server side (`spindle_server_*`, by service and method) and proxy side
 * (`spindle_client_*`, by the context id of the proxy or pool, method and
 * pool member); pool member states, ejections and retries (`spindle_pool_*`),
 * read from the pools when scraped; and Node's process metrics.
 */
export class SpindleMetrics implements CallSink {
  /** The registry `/metrics` serves. */
  public readonly registry: Registry;
  readonly #serverCalls: Counter<'service' | 'method'>;
  readonly #serverFaults: Counter<'service' | 'method' | 'code'>;
  readonly #serverLatency: Histogram<'service' | 'method'>;
  readonly #clientCalls: Counter<'service' | 'method' | 'member'>;
  readonly #clientFaults: Counter<'service' | 'method' | 'member' | 'code'>;
  readonly #clientFailures: Counter<'service' | 'method' | 'member' | 'outcome'>;
  readonly #clientLatency: Histogram<'service' | 'method'>;
  readonly #retries: Counter<'pool'>;
  readonly #ejections: Counter<'pool' | 'member'>;
  readonly #ejectionsSeen = new Map<string, number>();
  #view: ContextView | undefined;

  /** `recorder` gives the in-flight counts, read when scraped rather than updated on every call. */
  public constructor(recorder: CallRecorder) {
    const prom = loadPromClient();
    this.registry = new prom.Registry();
    const registers = [this.registry];
    this.#serverCalls = new prom.Counter({
      name: 'spindle_server_calls_total',
      help: 'Calls answered by exported services (results and faults).',
      labelNames: ['service', 'method'],
      registers,
    });
    this.#serverFaults = new prom.Counter({
      name: 'spindle_server_faults_total',
      help: 'Calls exported services answered with a fault.',
      labelNames: ['service', 'method', 'code'],
      registers,
    });
    this.#serverLatency = new prom.Histogram({
      name: 'spindle_server_call_duration_seconds',
      help: 'Time from decoded request to encoded answer in exported services.',
      labelNames: ['service', 'method'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    new prom.Gauge({
      name: 'spindle_server_in_flight_calls',
      help: 'Calls being run by exported services right now.',
      labelNames: ['service'],
      registers,
      collect() {
        this.reset();
        for (const [service, counters] of recorder.services) this.set({ service }, counters.inFlight);
      },
    });
    this.#clientCalls = new prom.Counter({
      name: 'spindle_client_calls_total',
      help: 'Calls sent by proxies and pool members (every attempt), however they ended.',
      labelNames: ['service', 'method', 'member'],
      registers,
    });
    this.#clientFaults = new prom.Counter({
      name: 'spindle_client_faults_total',
      help: 'Calls the remote service answered with a fault.',
      labelNames: ['service', 'method', 'member', 'code'],
      registers,
    });
    this.#clientFailures = new prom.Counter({
      name: 'spindle_client_transport_failures_total',
      help: 'Calls that got no answer; outcome says whether the request may have run.',
      labelNames: ['service', 'method', 'member', 'outcome'],
      registers,
    });
    this.#clientLatency = new prom.Histogram({
      name: 'spindle_client_call_duration_seconds',
      help: 'Time from sending a call to its answer or failure, per attempt.',
      labelNames: ['service', 'method'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const view = (): ContextView | undefined => this.#view;
    new prom.Gauge({
      name: 'spindle_client_in_flight_calls',
      help: 'Calls sent and not yet settled.',
      labelNames: ['service'],
      registers,
      collect() {
        this.reset();
        const byService = new Map<string, number>();
        for (const [target, counters] of recorder.targets) {
          const service = view()?.labelsFor(target).service ?? target;
          byService.set(service, (byService.get(service) ?? 0) + counters.inFlight);
        }
        for (const [service, count] of byService) this.set({ service }, count);
      },
    });
    this.#retries = new prom.Counter({
      name: 'spindle_pool_retries_total',
      help: 'Calls a pool sent again to another member after a failed attempt.',
      labelNames: ['pool'],
      registers,
    });
    this.#ejections = new prom.Counter({
      name: 'spindle_pool_ejections_total',
      help: 'Times a pool member was taken out of rotation.',
      labelNames: ['pool', 'member'],
      registers,
      collect: () => {
        this.#collectEjections();
      },
    });
    new prom.Gauge({
      name: 'spindle_pool_member_state',
      help: "1 for each pool member's current state (healthy, ejected, probing, removed), 0 for the others.",
      labelNames: ['pool', 'member', 'state'],
      registers,
      collect() {
        this.reset();
        for (const [pool, proxy] of view()?.pools ?? []) {
          for (const member of proxy.stats()) {
            for (const state of MEMBER_STATES) {
              this.set({ pool, member: member.description, state }, member.state === state ? 1 : 0);
            }
          }
        }
      },
    });
    prom.collectDefaultMetrics({ register: this.registry });
  }

  /** Reads pools (states, ejections) from this context when scraped. */
  public attach(view: ContextView): void {
    this.#view = view;
  }

  /** The text exposition format, for `GET /metrics`. */
  public async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  public serverEnd(event: ServerCallEnd): void {
    const method = event.faultCode === METHOD_NOT_FOUND ? '(unknown)' : event.method;
    const labels = { service: event.service, method };
    this.#serverCalls.inc(labels);
    this.#serverLatency.observe(labels, event.durationMs / 1000);
    if (event.outcome === 'fault') {
      this.#serverFaults.inc({ ...labels, code: String(event.faultCode ?? '') });
    }
  }

  public clientEnd(event: ClientCallEnd, labels: TargetLabels): void {
    const method = event.faultCode === METHOD_NOT_FOUND ? '(unknown)' : event.method;
    const base = { service: labels.service, method, member: labels.member ?? '' };
    this.#clientCalls.inc(base);
    this.#clientLatency.observe({ service: labels.service, method }, event.durationMs / 1000);
    if (event.outcome === 'fault') this.#clientFaults.inc({ ...base, code: String(event.faultCode ?? '') });
    if (event.outcome === 'transport') {
      this.#clientFailures.inc({ ...base, outcome: event.transportOutcome ?? 'unknown' });
    }
  }

  public retry(pool: string): void {
    this.#retries.inc({ pool });
  }

  /** Adds what each member's `ejections` count grew by since the last scrape. */
  #collectEjections(): void {
    for (const [pool, proxy] of this.#view?.pools ?? []) {
      for (const member of proxy.stats()) {
        const key = `${pool}\u0000${member.description}`;
        const seen = this.#ejectionsSeen.get(key) ?? 0;
        // Zero is still a series, so a dashboard sees the member before its first ejection.
        this.#ejections.inc({ pool, member: member.description }, Math.max(0, member.ejections - seen));
        this.#ejectionsSeen.set(key, Math.max(seen, member.ejections));
      }
    }
  }
}
