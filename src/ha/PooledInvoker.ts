import { randomUUID } from 'node:crypto';
import type { EventEmitter } from 'node:events';

import type { CallOptions, Invoker } from '../rpc/index.js';
import { callerBudget, TransportError } from '../rpc/index.js';
import type { BackoffPolicy } from './Backoff.js';
import type { PoolAttempt } from './HaError.js';
import { NoAvailableMemberError } from './HaError.js';
import type { HedgingOptions } from './hedgeCall.js';
import { hedgeCall } from './hedgeCall.js';
import type { HighAvailabilityProxyEvents } from './HighAvailabilityProxyOptions.js';
import type { IdempotencyCatalog } from './IdempotencyCatalog.js';
import type { MemberSet } from './MemberSet.js';
import { PoolCall } from './PoolCall.js';
import type { PoolCallContext } from './PoolCall.js';
import type { PoolMember } from './PoolMember.js';
import type { RetryBudgetPolicy } from './RetryBudget.js';

/** The pool whose calls a `PooledInvoker` makes: where its events go, and what it is called. */
export interface PooledInvokerOwner {
  /** Emits `retry` (only when someone listens). */
  readonly events: EventEmitter<HighAvailabilityProxyEvents>;
  /** `ha:<name>`, for errors. */
  readonly description: () => string;
  /** The pool's service name, for errors and events. */
  readonly serviceName: () => string;
  /** Throws once the pool is closed. */
  readonly assertOpen: () => void;
}

/** How a pool's calls are made, from its options. */
export interface PooledInvokerSettings {
  readonly members: MemberSet;
  readonly idempotent: IdempotencyCatalog;
  readonly budget: RetryBudgetPolicy;
  /** Delay before each retry (not before a hedge). */
  readonly retryBackoff: BackoffPolicy;
  readonly attemptTimeoutMs: number | undefined;
  readonly maxAttempts: number;
  /** A call's deadline when its options give none. */
  readonly timeoutMs: number;
  readonly hedging: HedgingOptions | undefined;
}

/**
 * A pool's own call, the `Invoker` its interceptors wrap: one `PoolCall` per
 * call, with one request id and one deadline for all its attempts, hedged
 * where that is safe; retries are reported as the pool's `retry` events.
 */
export class PooledInvoker implements Invoker {
  readonly #owner: PooledInvokerOwner;
  readonly #settings: PooledInvokerSettings;
  readonly #context: PoolCallContext;

  public constructor(owner: PooledInvokerOwner, settings: PooledInvokerSettings) {
    this.#owner = owner;
    this.#settings = settings;
    const { members, idempotent } = settings;
    this.#context = {
      members,
      budget: settings.budget,
      retryBackoff: settings.retryBackoff,
      attemptTimeoutMs: settings.attemptTimeoutMs,
      maxAttempts: settings.maxAttempts,
      onAnswered: (answered) => {
        idempotent.discoverIfPending(answered.invoker);
      },
      onRetry: (call, attempt, member, previous, reason) => {
        this.#emitRetry(call, attempt, member, previous, reason);
      },
      noMember: (attempts) => this.#noMember(attempts),
      deadlinePassed: (method) =>
        new TransportError(
          'SPINDLE_CLIENT_TIMEOUT',
          `${owner.description()}: ${method}: the deadline passed before any member was tried; it did not run`,
          'not-executed',
          owner.description(),
        ),
    };
  }

  /** The pool's description. */
  public get description(): string {
    return this.#owner.description();
  }

  /** One call through the pool; rejects with `SPINDLE_CLOSED` once the pool is closed. */
  public async invoke(
    method: string,
    params: readonly unknown[],
    options: CallOptions = {},
  ): Promise<unknown> {
    this.#owner.assertOpen();
    const { idempotent: catalog, budget, timeoutMs, hedging } = this.#settings;
    const idempotent = catalog.has(method);
    const call = new PoolCall(this.#context, {
      method,
      params,
      // One id for every attempt, so the members' logs show a retried call as one call.
      requestId: options.requestId ?? randomUUID(),
      // Inside a served call, never longer than its caller still waits (deadline propagation).
      deadline: Date.now() + callerBudget(options.timeoutMs ?? timeoutMs),
      idempotent,
      signal: options.signal,
      metadata: options.metadata,
    });
    budget.deposit();
    // Hedging sends a call twice on purpose: only where that is safe.
    return hedging !== undefined && idempotent ? hedgeCall(call, hedging) : call.run();
  }

  /** Nothing to close: the pool closes its members. */
  public close(): Promise<void> {
    return Promise.resolve();
  }

  /** Reports a retry or a hedge: logged by observers, counted per pool. */
  #emitRetry(call: PoolCall, attempt: number, member: PoolMember, previous: string, reason: string): void {
    const events = this.#owner.events;
    if (events.listenerCount('retry') === 0) return;
    events.emit('retry', {
      service: this.#owner.serviceName(),
      method: call.request.method,
      requestId: call.request.requestId,
      attempt,
      member: member.description,
      previousMember: previous,
      reason,
    });
  }

  #noMember(attempts: readonly PoolAttempt[]): NoAvailableMemberError {
    const cause = attempts.at(-1)?.cause;
    return new NoAvailableMemberError(
      this.#owner.serviceName(),
      this.#settings.members.reports(),
      cause === undefined ? {} : { cause, attempts },
    );
  }
}
