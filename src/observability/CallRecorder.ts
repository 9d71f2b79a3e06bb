import { subscribe, unsubscribe } from 'node:diagnostics_channel';

import { CALL_CHANNEL_NAMES } from '../common/index.js';
import type { ClientCallEnd, ClientCallStart, ServerCallEnd, ServerCallStart } from '../common/index.js';
import type { PoolRetry } from '../ha/index.js';
import type { CallSink } from './CallSink.js';
import type { ContextView, TargetLabels } from './ContextView.js';
import type { LevelLogger } from './createLogger.js';

/** Counters of one exported service (server side). */
export interface ServiceCounters {
  calls: number;
  faults: number;
  inFlight: number;
  totalMs: number;
}

/** Counters of one client target (a proxy's URL or a pool member). */
export interface TargetCounters {
  calls: number;
  faults: number;
  transportFailures: number;
  inFlight: number;
  lastError: string | undefined;
  lastErrorAt: string | undefined;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * The one subscriber to Spindle's `callChannels`: it labels each call with
 * the context's ids (service, pool member), writes the call's log line, keeps
 * the counters the status page shows, counts each pool's retries from the
 * pool's own `retry` event, and hands everything on to the sinks.
 */
export class CallRecorder {
  /** Server-side counters by dispatcher (service) name. */
  public readonly services = new Map<string, ServiceCounters>();
  /** Client-side counters by target description. */
  public readonly targets = new Map<string, TargetCounters>();
  /** Retries by pool id. */
  public readonly retries = new Map<string, number>();
  readonly #logger: LevelLogger;
  readonly #sinks: CallSink[] = [];
  /** The `retry` listeners added to the attached context's pools, to remove on detach. */
  readonly #poolListeners: (() => void)[] = [];
  /** Labels given at a call's start, so its end is booked under the same ones even if `attach` came between. */
  readonly #started = new Map<string, TargetLabels>();
  #view: ContextView | undefined;
  #subscribed = false;

  public constructor(logger: LevelLogger) {
    this.#logger = logger;
  }

  /** Starts listening to the channels; safe to call twice. */
  public start(): void {
    if (this.#subscribed) return;
    this.#subscribed = true;
    subscribe(CALL_CHANNEL_NAMES.serverStart, this.#onServerStart);
    subscribe(CALL_CHANNEL_NAMES.serverEnd, this.#onServerEnd);
    subscribe(CALL_CHANNEL_NAMES.clientStart, this.#onClientStart);
    subscribe(CALL_CHANNEL_NAMES.clientEnd, this.#onClientEnd);
  }

  /** Stops listening; safe to call twice. */
  public stop(): void {
    if (!this.#subscribed) return;
    this.#subscribed = false;
    unsubscribe(CALL_CHANNEL_NAMES.serverStart, this.#onServerStart);
    unsubscribe(CALL_CHANNEL_NAMES.serverEnd, this.#onServerEnd);
    unsubscribe(CALL_CHANNEL_NAMES.clientStart, this.#onClientStart);
    unsubscribe(CALL_CHANNEL_NAMES.clientEnd, this.#onClientEnd);
    this.#detachPools();
  }

  /** Labels later calls with this context's ids, and counts the retries of its pools. */
  public attach(view: ContextView): void {
    this.#detachPools();
    this.#view = view;
    for (const [id, pool] of view.pools) {
      const listener = (event: PoolRetry): void => {
        this.#onRetry(id, event);
      };
      pool.on('retry', listener);
      this.#poolListeners.push(() => pool.off('retry', listener));
    }
  }

  /** Adds a sink that hears every labelled call. */
  public addSink(sink: CallSink): void {
    this.#sinks.push(sink);
  }

  #labels(target: string): TargetLabels {
    return this.#view?.labelsFor(target) ?? { service: target };
  }

  #service(name: string): ServiceCounters {
    let counters = this.services.get(name);
    if (counters === undefined) {
      counters = { calls: 0, faults: 0, inFlight: 0, totalMs: 0 };
      this.services.set(name, counters);
    }
    return counters;
  }

  #target(target: string): TargetCounters {
    let counters = this.targets.get(target);
    if (counters === undefined) {
      counters = {
        calls: 0,
        faults: 0,
        transportFailures: 0,
        inFlight: 0,
        lastError: undefined,
        lastErrorAt: undefined,
      };
      this.targets.set(target, counters);
    }
    return counters;
  }

  readonly #onServerStart = (message: unknown): void => {
    const event = message as ServerCallStart;
    this.#service(event.service).inFlight += 1;
    for (const sink of this.#sinks) sink.serverStart?.(event);
  };

  readonly #onServerEnd = (message: unknown): void => {
    const event = message as ServerCallEnd;
    const counters = this.#service(event.service);
    // An undecodable request has no start event, so it never held an in-flight slot.
    if (event.method !== '(undecodable)') counters.inFlight = Math.max(0, counters.inFlight - 1);
    counters.calls += 1;
    counters.totalMs += event.durationMs;
    if (event.outcome === 'fault') counters.faults += 1;
    const level = event.outcome === 'fault' ? 'info' : 'debug';
    if (this.#logger.isEnabled(level)) {
      this.#logger[level]('call served', {
        side: 'server',
        service: event.service,
        method: event.method,
        requestId: event.requestId,
        outcome: event.outcome,
        ...(event.faultCode === undefined ? {} : { faultCode: event.faultCode }),
        ms: round(event.durationMs),
      });
    }
    for (const sink of this.#sinks) sink.serverEnd?.(event);
  };

  readonly #onClientStart = (message: unknown): void => {
    const event = message as ClientCallStart;
    const labels = this.#labels(event.target);
    this.#started.set(`${event.target} ${event.requestId}`, labels);
    this.#target(event.target).inFlight += 1;
    for (const sink of this.#sinks) sink.clientStart?.(event, labels);
  };

  readonly #onClientEnd = (message: unknown): void => {
    const event = message as ClientCallEnd;
    const key = `${event.target} ${event.requestId}`;
    const labels = this.#started.get(key) ?? this.#labels(event.target);
    this.#started.delete(key);
    const counters = this.#target(event.target);
    counters.inFlight = Math.max(0, counters.inFlight - 1);
    counters.calls += 1;
    if (event.outcome === 'fault') counters.faults += 1;
    if (event.outcome === 'transport') {
      counters.transportFailures += 1;
      counters.lastError = event.error;
      counters.lastErrorAt = new Date().toISOString();
    }
    const level = event.outcome === 'transport' ? 'warn' : event.outcome === 'fault' ? 'info' : 'debug';
    if (this.#logger.isEnabled(level)) {
      this.#logger[level](event.outcome === 'transport' ? 'call failed' : 'call', {
        side: 'client',
        service: labels.service,
        method: event.method,
        ...(labels.member === undefined ? { target: event.target } : { member: labels.member }),
        requestId: event.requestId,
        outcome: event.outcome,
        ...(event.faultCode === undefined ? {} : { faultCode: event.faultCode }),
        ...(event.transportOutcome === undefined ? {} : { transportOutcome: event.transportOutcome }),
        ...(event.error === undefined ? {} : { error: event.error }),
        ms: round(event.durationMs),
      });
    }
    for (const sink of this.#sinks) sink.clientEnd?.(event, labels);
  };

  /** A pool's `retry` event: counted under the pool's context id, logged, handed to the sinks. */
  #onRetry(pool: string, event: PoolRetry): void {
    this.retries.set(pool, (this.retries.get(pool) ?? 0) + 1);
    this.#logger.info('call retried on another member', {
      service: pool,
      method: event.method,
      member: event.member,
      previousMember: event.previousMember,
      attempt: event.attempt,
      requestId: event.requestId,
      reason: event.reason,
    });
    for (const sink of this.#sinks) sink.retry?.(pool, event);
  }

  #detachPools(): void {
    for (const remove of this.#poolListeners.splice(0)) remove();
  }
}
