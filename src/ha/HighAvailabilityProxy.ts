import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

import { silentLogger } from '../common/Logger.js';
import { SpindleError } from '../common/SpindleError.js';
import type { CallOptions, Invoker } from '../rpc/Invoker.js';
import type { XmlRpcClientOptions } from '../proxy/XmlRpcClient.js';
import { TransportError } from '../rpc/TransportError.js';
import { callerBudget } from '../rpc/client/callerBudget.js';
import { intercepted } from '../rpc/client/InterceptedInvoker.js';
import { attemptMember } from './attemptMember.js';
import { Backoff } from './Backoff.js';
import { EjectionPolicy } from './EjectionPolicy.js';
import type { PoolAttempt } from './HaError.js';
import { NoAvailableMemberError, OutcomeUnknownError } from './HaError.js';
import type {
  HighAvailabilityProxyEvents,
  HighAvailabilityProxyOptions,
  MemberStateChange,
  PoolRetry,
} from './HighAvailabilityProxyOptions.js';
import { IdempotencyCatalog } from './IdempotencyCatalog.js';
import type { MemberDiscovery } from './MemberDiscovery.js';
import { MemberSet } from './MemberSet.js';
import type { MemberStats } from './PoolMember.js';
import { PoolMember } from './PoolMember.js';
import { defaultServiceName, isBackoff, isBudget, isEjection, positive } from './poolOptions.js';
import type { PoolMemberSpec } from './resolveMember.js';
import { resolveMember } from './resolveMember.js';
import type { RetryBudgetPolicy } from './RetryBudget.js';
import { RetryBudget } from './RetryBudget.js';

export type { HighAvailabilityProxyEvents, HighAvailabilityProxyOptions, MemberStateChange, PoolRetry };

/**
 * An `Invoker` that spreads calls round-robin over healthy members and keeps
 * every call's outcome honest. Wrap it with `createProxy(pool)` to get an
 * object that looks exactly like the service.
 *
 * - A fault is the service's answer: returned as is, never retried, never
 *   held against the member.
 * - A transport error counts against the member. The call moves to the next
 *   member only if it was not executed, or its method is idempotent, and only
 *   while the deadline and the retry budget allow. A call that may have run
 *   on a non-idempotent method ends in `OutcomeUnknownError` naming the member.
 * - A failed call reports the most cautious outcome of all its attempts: if
 *   any may have run, it ends in `OutcomeUnknownError` even when the last
 *   member refused it; the pool's errors list every attempt (`attempts`).
 * - A member is ejected by the ejection policy and re-admitted by one probe
 *   call after a growing, jittered delay. When every member is ejected, calls
 *   fail at once with `NoAvailableMemberError`.
 * - Observable: every state change is logged with the fields `service`,
 *   `member`, `from`, `to` and `reason` and emitted as `stateChange`; every
 *   call sent again to another member is emitted as `retry`.
 *
 * Membership, health and probes live in `MemberSet`; one attempt on one
 * member in `attemptMember`; this class holds the call loop and the API.
 *
 * @example
 * const pool = new HighAvailabilityProxy({ members: ['http://127.0.0.1:7000/S', 'http://127.0.0.1:7001/S'] });
 * const service = createProxy<Service>(pool);
 */
export class HighAvailabilityProxy extends EventEmitter<HighAvailabilityProxyEvents> implements Invoker {
  readonly #members: MemberSet;
  readonly #name: string | undefined;
  readonly #idempotent: IdempotencyCatalog;
  readonly #timeoutMs: number;
  readonly #attemptTimeoutMs: number | undefined;
  readonly #maxAttempts: number;
  readonly #budget: RetryBudgetPolicy;
  readonly #clientOptions: XmlRpcClientOptions;
  readonly #discovery: MemberDiscovery | undefined;
  readonly #ready: Promise<void>;
  /** The pooled call with the `interceptors` around it (the pooled call itself without any). */
  readonly #call: Invoker;
  #closed = false;

  public constructor(options: HighAvailabilityProxyOptions = {}) {
    super();
    this.#name = options.name;
    this.#timeoutMs = positive(options.timeoutMs ?? 30_000, 'timeoutMs');
    this.#attemptTimeoutMs =
      options.attemptTimeoutMs === undefined
        ? undefined
        : positive(options.attemptTimeoutMs, 'attemptTimeoutMs');
    this.#maxAttempts = Math.floor(positive(options.maxAttempts ?? 3, 'maxAttempts'));
    this.#budget = isBudget(options.retryBudget) ? options.retryBudget : new RetryBudget(options.retryBudget);
    this.#members = new MemberSet({
      ejection: isEjection(options.ejection) ? options.ejection : new EjectionPolicy(options.ejection),
      backoff: isBackoff(options.backoff) ? options.backoff : new Backoff(options.backoff),
      probeMethod: options.probeMethod ?? 'system.listMethods',
      probeTimeoutMs: positive(options.probeTimeoutMs ?? 2000, 'probeTimeoutMs'),
      logger: options.logger ?? silentLogger,
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
    const describe = (): string => this.description;
    const pooled: Invoker = {
      get description() {
        return describe();
      },
      invoke: (method, params, callOptions) => this.#invokePooled(method, params, callOptions),
      close: () => Promise.resolve(),
    };
    this.#call = intercepted(pooled, options.interceptors);
    this.#ready = Promise.resolve(this.#discovery?.attach(this));
    // Observed here so an early failure is not unhandled; ready() still reports it.
    this.#ready.catch(() => undefined);
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
   */
  public add(spec: PoolMemberSpec): string {
    this.#assertOpen();
    const present = this.#members.find(spec);
    if (present !== undefined) return present.description;
    const { invoker, owned } = resolveMember(spec, this.#clientOptions);
    const member = new PoolMember(invoker, spec, owned);
    this.#members.add(member);
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

  async #invokePooled(
    method: string,
    params: readonly unknown[],
    options: CallOptions = {},
  ): Promise<unknown> {
    this.#assertOpen();
    const started = Date.now();
    // Inside a served call, never longer than its caller still waits (deadline propagation).
    const deadline = started + callerBudget(options.timeoutMs ?? this.#timeoutMs);
    // One id for every attempt, so the members' logs show a retried call as one call.
    const requestId = options.requestId ?? randomUUID();
    this.#budget.deposit();
    // Made on the first failure only: most calls never need them.
    let tried: Set<PoolMember> | undefined;
    let attempts: PoolAttempt[] | undefined;
    let last: { member: PoolMember; error: TransportError } | undefined;
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      const member = this.#members.pick(tried);
      if (member === undefined) break;
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      if (last !== undefined) {
        if (!this.#budget.tryWithdraw()) break;
        this.#emitRetry(method, requestId, attempt + 1, member, last);
      }
      try {
        return await attemptMember(
          {
            member,
            method,
            params,
            requestId,
            timeoutMs: Math.min(remaining, this.#attemptTimeoutMs ?? remaining),
            idempotent: this.#idempotent.has(method),
            signal: options.signal,
            metadata: options.metadata,
          },
          this.#members,
          (answered) => {
            this.#idempotent.discoverIfPending(answered.invoker);
          },
        );
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        attempts ??= [];
        attempts.push({ member: member.description, outcome: error.outcome, cause: error });
        // An abort ends the call at once, but cannot undo an earlier attempt that may have run.
        if (options.signal?.aborted === true) {
          throw error.outcome === 'unknown' ? error : (mayHaveRun(method, attempts) ?? error);
        }
        tried ??= new Set();
        tried.add(member);
        last = { member, error };
        if (error.outcome !== 'not-executed' && !this.#idempotent.has(method)) {
          throw mayHaveRun(method, attempts) ?? error;
        }
      }
    }
    if (last === undefined || attempts === undefined) throw this.#noMember([]);
    // The outcome is the most cautious of all attempts: one that may have run
    // makes the call "unknown", whatever the later members said.
    const ran = mayHaveRun(method, attempts);
    if (ran !== undefined) throw ran;
    // Every member is now ejected: say so, rather than show one member's refusal.
    if (!this.#members.anyHealthy()) throw this.#noMember(attempts);
    throw last.error;
  }

  /** Stops probes and closes the clients the pool made from URLs; safe to call twice. */
  public async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#discovery?.detach?.(this);
    await this.#members.close();
  }

  /** Reports a retry: logged by observers, counted per pool. */
  #emitRetry(
    method: string,
    requestId: string,
    attempt: number,
    member: PoolMember,
    last: { member: PoolMember; error: TransportError },
  ): void {
    if (this.listenerCount('retry') === 0) return;
    this.emit('retry', {
      service: this.#serviceName(),
      method,
      requestId,
      attempt,
      member: member.description,
      previousMember: last.member.description,
      reason: last.error.message,
    });
  }

  #noMember(attempts: readonly PoolAttempt[]): NoAvailableMemberError {
    const cause = attempts.at(-1)?.cause;
    return new NoAvailableMemberError(
      this.#serviceName(),
      this.#members.reports(),
      cause === undefined ? {} : { cause, attempts },
    );
  }

  #serviceName(): string {
    return this.#name ?? defaultServiceName(this.#members.list.map((m) => m.description));
  }

  #assertOpen(): void {
    if (this.#closed) throw new SpindleError('SPINDLE_CLOSED', `pool ${this.#serviceName()} is closed`);
  }
}

/**
 * The call's `OutcomeUnknownError` when any of its attempts may have run,
 * naming the last member that may have run it; undefined when none may have.
 */
function mayHaveRun(method: string, attempts: readonly PoolAttempt[]): OutcomeUnknownError | undefined {
  const ran = attempts.findLast((attempt) => attempt.outcome !== 'not-executed');
  if (ran === undefined) return undefined;
  return new OutcomeUnknownError(ran.member, method, ran.cause.message, { cause: ran.cause, attempts });
}
