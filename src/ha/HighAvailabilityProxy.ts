import { EventEmitter } from 'node:events';

import type { Logger } from '../common/index.js';
import { silentLogger, SpindleError } from '../common/index.js';
import type { CallOptions, Invoker } from '../rpc/index.js';
import type { XmlRpcClientOptions } from '../proxy/index.js';
import { intercepted } from '../rpc/index.js';
import { Backoff } from './Backoff.js';
import { resolveBalancer } from './Balancer.js';
import { EjectionPolicy } from './EjectionPolicy.js';
import { checkHedging } from './hedgeCall.js';
import type {
  HighAvailabilityProxyEvents,
  HighAvailabilityProxyOptions,
  MemberStateChange,
  PoolRetry,
} from './HighAvailabilityProxyOptions.js';
import { IdempotencyCatalog } from './IdempotencyCatalog.js';
import type { MemberDiscovery, MemberOptions } from './MemberDiscovery.js';
import { MemberSet } from './MemberSet.js';
import { MemberWeights } from './MemberWeights.js';
import { PooledInvoker } from './PooledInvoker.js';
import type { MemberStats } from './PoolMember.js';
import { PoolMember } from './PoolMember.js';
import {
  checkWeight,
  defaultServiceName,
  isBackoff,
  isBudget,
  isEjection,
  positive,
  retryBackoffOf,
} from './poolOptions.js';
import type { PoolMemberSpec } from './resolveMember.js';
import { resolveMember } from './resolveMember.js';
import { RetryBudget } from './RetryBudget.js';

export type { HighAvailabilityProxyEvents, HighAvailabilityProxyOptions, MemberStateChange, PoolRetry };

/**
 * An `Invoker` that spreads calls over healthy members (round-robin by
 * default, or least-request; weighted) and keeps every call's outcome honest. Wrap it with `createProxy(pool)` to get an
 * object that looks exactly like the service.
 *
 * - A fault is the service's answer: returned as is, never retried, never
 *   held against the member.
 * - A transport error counts against the member. The call moves to the next
 *   member only if it was not executed, or its method is idempotent, and only
 *   while the deadline and the retry budget allow, after a short jittered
 *   backoff; idempotent calls may be hedged instead. A call that may have run
 *   on a non-idempotent method ends in `OutcomeUnknownError` naming the member.
 * - A failed call reports the most cautious outcome of all its attempts: if
 *   any may have run, it ends in `OutcomeUnknownError` even when the last
 *   member refused it; the pool's errors list every attempt (`attempts`).
 * - A member that holds calls without answering and misses a probe (frozen)
 *   is ejected; its idempotent attempts go elsewhere at once.
 * - A member is ejected by the ejection policy and re-admitted by one probe
 *   call after a growing, jittered delay. When every member is ejected, calls
 *   fail at once with `NoAvailableMemberError`.
 * - Observable: every state change is logged with the fields `service`,
 *   `member`, `from`, `to` and `reason` and emitted as `stateChange`; every
 *   call sent again to another member is emitted as `retry`.
 *
 * Membership, health and probes live in `MemberSet`; one attempt on one
 * member in `attemptMember`; one call's attempts in `PoolCall` (and
 * `hedgeCall`); the pool's own call, under its interceptors, in
 * `PooledInvoker`; this class holds the options and the API.
 *
 * @example
 * const pool = new HighAvailabilityProxy({ members: ['http://127.0.0.1:7000/S', 'http://127.0.0.1:7001/S'] });
 * const service = createProxy<Service>(pool);
 */
export class HighAvailabilityProxy extends EventEmitter<HighAvailabilityProxyEvents> implements Invoker {
  readonly #members: MemberSet;
  readonly #name: string | undefined;
  readonly #idempotent: IdempotencyCatalog;
  readonly #weights: MemberWeights;
  readonly #logger: Logger;
  /** Set once the first membership is known (at once without discovery). */
  #synced = false;
  /** Set once the `weights` keys were checked against the members. */
  #weightsChecked = false;
  readonly #clientOptions: XmlRpcClientOptions;
  readonly #discovery: MemberDiscovery | undefined;
  readonly #ready: Promise<void>;
  /** The pooled call with the `interceptors` around it (the pooled call itself without any). */
  readonly #call: Invoker;
  #closed = false;

  public constructor(options: HighAvailabilityProxyOptions = {}) {
    super();
    this.#name = options.name;
    const timeoutMs = positive(options.timeoutMs ?? 30_000, 'timeoutMs');
    const attemptTimeoutMs =
      options.attemptTimeoutMs === undefined
        ? undefined
        : positive(options.attemptTimeoutMs, 'attemptTimeoutMs');
    const maxAttempts = Math.floor(positive(options.maxAttempts ?? 3, 'maxAttempts'));
    const budget = isBudget(options.retryBudget) ? options.retryBudget : new RetryBudget(options.retryBudget);
    const retryBackoff = retryBackoffOf(options.retryBackoff);
    const hedging = checkHedging(options.hedging);
    this.#weights = new MemberWeights(options.weights);
    this.#logger = options.logger ?? silentLogger;
    this.#members = new MemberSet({
      ejection: isEjection(options.ejection) ? options.ejection : new EjectionPolicy(options.ejection),
      balancer: resolveBalancer(options.balancer),
      outlierDetection: options.outlierDetection ?? {},
      backoff: isBackoff(options.backoff) ? options.backoff : new Backoff(options.backoff),
      probeMethod: options.probeMethod ?? 'system.listMethods',
      probeTimeoutMs: positive(options.probeTimeoutMs ?? 2000, 'probeTimeoutMs'),
      logger: this.#logger,
      serviceName: () => this.#serviceName(),
      onStateChange: (change) => this.emit('stateChange', change),
      onRevived: (member) => {
        this.#idempotent.discoverIfPending(member.invoker);
      },
    });
    this.#clientOptions = options.client ?? {};
    this.#idempotent = new IdempotencyCatalog(options.idempotent ?? [], options.discoverIdempotent ?? true);
    for (const member of options.members ?? []) this.add(member);
    this.#discovery = options.discovery;
    if (this.#discovery === undefined && (options.members ?? []).length > 0) {
      // Members given once and for all: a key that names none of them is a mistake.
      try {
        this.#weights.assertAllMatch(this.#members.list.map((m) => m.description));
      } catch (error) {
        this.#closed = true;
        void this.#members.close().catch(() => undefined);
        throw error;
      }
      this.#weightsChecked = true;
    }
    const pooled = new PooledInvoker(
      {
        events: this,
        description: () => this.description,
        serviceName: () => this.#serviceName(),
        assertOpen: () => {
          this.#assertOpen();
        },
      },
      {
        members: this.#members,
        idempotent: this.#idempotent,
        budget,
        retryBackoff,
        attemptTimeoutMs,
        maxAttempts,
        timeoutMs,
        hedging,
      },
    );
    this.#call = intercepted(pooled, options.interceptors, 'interceptors', options.logger);
    this.#ready = Promise.resolve(this.#discovery?.attach(this));
    // Observed here so an early failure is not unhandled; ready() still reports it.
    this.#ready.then(
      () => {
        this.#synced = true;
        this.#checkWeightsSoon();
      },
      () => undefined,
    );
  }

  /** Resolves once the discovery source (if any) has given its first membership. */
  public ready(): Promise<void> {
    return this.#ready;
  }

  /** `ha:<name>`, or the members' descriptions when no name was given. */
  public get description(): string {
    return `ha:${this.#serviceName()}`;
  }

  /** The members' counters and states, in rotation order. */
  public stats(): MemberStats[] {
    return this.#members.stats();
  }

  /** The methods the pool may send again after an unknown outcome: declared plus advertised so far. */
  public idempotentMethods(): string[] {
    return this.#idempotent.list();
  }

  /**
   * Adds a member (URL, proxy or `Invoker`); it is in rotation at once. Returns its description.
   * A member already present (the same URL, proxy or invoker) is not added again, so it never
   * gets a double share of the calls; its description is returned and no event is emitted.
   * Its weight is `options.weight`, else the pool's `weights` entry for it, else 1.
   */
  public add(spec: PoolMemberSpec, options: MemberOptions = {}): string {
    this.#assertOpen();
    const present = this.#members.find(spec);
    if (present !== undefined) return present.description;
    if (options.weight !== undefined) checkWeight(options.weight, 'weight');
    const { invoker, owned } = resolveMember(spec, this.#clientOptions);
    const member = new PoolMember(invoker, spec, owned);
    member.weight = options.weight ?? this.#weights.of(member.description) ?? 1;
    this.#members.add(member);
    if (this.#synced) this.#checkWeightsSoon();
    this.#idempotent.discover(invoker);
    this.emit('memberAdded', member.description);
    return member.description;
  }

  /**
   * Takes a member out of rotation (by what was passed to `add`, or its
   * description). Calls already on it finish; a client the pool made from a
   * URL is closed once they have. Returns false when no such member exists.
   */
  public remove(spec: PoolMemberSpec): boolean {
    const member = this.#members.remove(spec);
    if (member === undefined) return false;
    this.emit('memberRemoved', member.description);
    return true;
  }

  public invoke(method: string, params: readonly unknown[], options: CallOptions = {}): Promise<unknown> {
    return this.#call.invoke(method, params, options);
  }

  /** Stops probes and closes the clients the pool made from URLs; safe to call twice. */
  public async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#discovery?.detach?.(this);
    await this.#members.close();
  }

  /**
   * Members come and go with a discovery source (or `add()`): once the first
   * membership is known and has a member, warns once about each `weights` key
   * that matches none. Deferred a turn, so members added together count together.
   */
  #checkWeightsSoon(): void {
    if (this.#weightsChecked || this.#members.list.length === 0) return;
    this.#weightsChecked = true;
    setImmediate(() => {
      if (this.#closed) return;
      const descriptions = this.#members.list.map((m) => m.description);
      for (const problem of this.#weights.unmatched(descriptions)) {
        this.#logger.warn(`${problem}; its weight is not used`, { service: this.#serviceName() });
      }
    });
  }

  #serviceName(): string {
    return this.#name ?? defaultServiceName(this.#members.list.map((m) => m.description));
  }

  #assertOpen(): void {
    if (this.#closed) throw new SpindleError('SPINDLE_CLOSED', `pool ${this.#serviceName()} is closed`);
  }
}
