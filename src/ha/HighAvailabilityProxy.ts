import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

import type { Logger } from '../common/Logger.js';
import { silentLogger } from '../common/Logger.js';
import { SpindleError } from '../common/SpindleError.js';
import { Fault } from '../codec/Fault.js';
import type { CallOptions, Invoker } from '../proxy/Invoker.js';
import type { XmlRpcClientOptions } from '../proxy/XmlRpcClient.js';
import { TransportError } from '../transport/TransportError.js';
import type { BackoffPolicy } from './Backoff.js';
import { Backoff } from './Backoff.js';
import type { EjectionPolicyLike } from './EjectionPolicy.js';
import { EjectionPolicy } from './EjectionPolicy.js';
import { NoAvailableMemberError, OutcomeUnknownError } from './HaError.js';
import type {
  HighAvailabilityProxyEvents,
  HighAvailabilityProxyOptions,
  MemberStateChange,
} from './HighAvailabilityProxyOptions.js';
import { IdempotencyCatalog } from './IdempotencyCatalog.js';
import type { MemberDiscovery } from './MemberDiscovery.js';
import type { MemberState, MemberStats } from './PoolMember.js';
import { PoolMember } from './PoolMember.js';
import { defaultServiceName, isBackoff, isBudget, isEjection, positive } from './poolOptions.js';
import type { PoolMemberSpec } from './resolveMember.js';
import { resolveMember } from './resolveMember.js';
import type { RetryBudgetPolicy } from './RetryBudget.js';
import { RetryBudget } from './RetryBudget.js';

export type { HighAvailabilityProxyEvents, HighAvailabilityProxyOptions, MemberStateChange };

/** Grace given to a member's own timer before the pool's guard timer decides, in milliseconds. */
const GUARD_GRACE_MS = 25;

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
 * - A member is ejected by the ejection policy and re-admitted by one probe
 *   call after a growing, jittered delay. When every member is ejected, calls
 *   fail at once with `NoAvailableMemberError`.
 *
 * @example
 * const pool = new HighAvailabilityProxy({ members: ['http://127.0.0.1:7000/S', 'http://127.0.0.1:7001/S'] });
 * const service = createProxy<Service>(pool);
 */
export class HighAvailabilityProxy extends EventEmitter<HighAvailabilityProxyEvents> implements Invoker {
  readonly #members: PoolMember[] = [];
  readonly #name: string | undefined;
  readonly #idempotent: IdempotencyCatalog;
  readonly #timeoutMs: number;
  readonly #attemptTimeoutMs: number | undefined;
  readonly #maxAttempts: number;
  readonly #budget: RetryBudgetPolicy;
  readonly #ejection: EjectionPolicyLike;
  readonly #backoff: BackoffPolicy;
  readonly #probeMethod: string;
  readonly #probeTimeoutMs: number;
  readonly #clientOptions: XmlRpcClientOptions;
  readonly #logger: Logger;
  readonly #discovery: MemberDiscovery | undefined;
  readonly #ready: Promise<void>;
  #cursor = 0;
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
    this.#ejection = isEjection(options.ejection) ? options.ejection : new EjectionPolicy(options.ejection);
    this.#backoff = isBackoff(options.backoff) ? options.backoff : new Backoff(options.backoff);
    this.#probeMethod = options.probeMethod ?? 'system.listMethods';
    this.#probeTimeoutMs = positive(options.probeTimeoutMs ?? 2000, 'probeTimeoutMs');
    this.#clientOptions = options.client ?? {};
    this.#logger = options.logger ?? silentLogger;
    this.#idempotent = new IdempotencyCatalog(options.idempotent ?? [], options.discoverIdempotent ?? true);
    for (const member of options.members ?? []) this.add(member);
    this.#discovery = options.discovery;
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
    return this.#members.map((member) => member.stats());
  }

  /** The methods the pool may send again after an unknown outcome: declared plus advertised so far. */
  public idempotentMethods(): string[] {
    return this.#idempotent.list();
  }

  /** Adds a member (URL, proxy or `Invoker`); it is in rotation at once. Returns its description. */
  public add(spec: PoolMemberSpec): string {
    this.#assertOpen();
    const { invoker, owned } = resolveMember(spec, this.#clientOptions);
    const member = new PoolMember(invoker, spec, owned);
    this.#members.push(member);
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
    const index = this.#members.findIndex(
      (m) => m.source === spec || m.invoker === spec || (typeof spec === 'string' && m.description === spec),
    );
    const member = this.#members[index];
    if (member === undefined) return false;
    this.#members.splice(index, 1);
    if (index < this.#cursor) this.#cursor -= 1;
    clearTimeout(member.probeTimer);
    this.#setState(member, 'removed', 'removed from the pool');
    this.emit('memberRemoved', member.description);
    this.#closeWhenIdle(member);
    return true;
  }

  public async invoke(
    method: string,
    params: readonly unknown[],
    options: CallOptions = {},
  ): Promise<unknown> {
    this.#assertOpen();
    const started = Date.now();
    const deadline = started + (options.timeoutMs ?? this.#timeoutMs);
    // One id for every attempt, so the members' logs show a retried call as one call.
    const requestId = options.requestId ?? randomUUID();
    this.#budget.deposit();
    // Made on the first failure only: most calls never need it.
    let tried: Set<PoolMember> | undefined;
    let last: { member: PoolMember; error: TransportError } | undefined;
    for (let attempt = 0; attempt < this.#maxAttempts; attempt++) {
      const member = this.#pick(tried);
      if (member === undefined) break;
      const remaining = deadline - Date.now();
      if (remaining <= 0) break;
      if (attempt > 0 && !this.#budget.tryWithdraw()) break;
      try {
        return await this.#attempt(member, method, params, requestId, remaining, options.signal);
      } catch (error) {
        if (!(error instanceof TransportError) || options.signal?.aborted === true) throw error;
        tried ??= new Set();
        tried.add(member);
        last = { member, error };
        if (error.outcome !== 'not-executed' && !this.#idempotent.has(method)) {
          throw new OutcomeUnknownError(member.description, method, error.message, { cause: error });
        }
      }
    }
    if (last === undefined) throw this.#noMember();
    if (last.error.outcome === 'unknown') {
      throw new OutcomeUnknownError(last.member.description, method, last.error.message, {
        cause: last.error,
      });
    }
    // Every member is now ejected: say so, rather than show one member's refusal.
    if (!this.#members.some((m) => m.state === 'healthy')) throw this.#noMember(last.error);
    throw last.error;
  }

  /** Stops probes and closes the clients the pool made from URLs; safe to call twice. */
  public async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#discovery?.detach?.(this);
    const owned: Promise<void>[] = [];
    for (const member of this.#members) {
      clearTimeout(member.probeTimer);
      if (member.owned) owned.push(member.invoker.close());
    }
    await Promise.all(owned);
  }

  /** The next healthy member in round-robin order that this call has not tried. */
  #pick(tried: ReadonlySet<PoolMember> | undefined): PoolMember | undefined {
    const count = this.#members.length;
    for (let i = 0; i < count; i++) {
      const index = (this.#cursor + i) % count;
      const member = this.#members[index];
      if (member !== undefined && member.state === 'healthy' && tried?.has(member) !== true) {
        this.#cursor = (index + 1) % count;
        return member;
      }
    }
    return undefined;
  }

  /**
   * One attempt on one member, bounded by `remaining` (and the per-attempt
   * timeout). The member gets the bound as its own `timeoutMs` and reports the
   * true outcome. A guard timer stops the pool from waiting on an invoker
   * that might ignore it, so the caller's deadline holds whatever the member
   * does; Spindle's own client keeps its bound, so it costs no timer.
   */
  async #attempt(
    member: PoolMember,
    method: string,
    params: readonly unknown[],
    requestId: string,
    remaining: number,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const budgetMs = Math.min(remaining, this.#attemptTimeoutMs ?? remaining);
    const started = performance.now();
    member.calls += 1;
    member.inFlight += 1;
    const idempotent = this.#idempotent.has(method);
    const call = member.invoker.invoke(
      method,
      params,
      signal === undefined
        ? { requestId, timeoutMs: budgetMs, idempotent }
        : { requestId, timeoutMs: budgetMs, idempotent, signal },
    );
    const done = (): void => {
      member.inFlight -= 1;
      if (member.state === 'removed') this.#closeWhenIdle(member);
    };
    if (member.boundsItsCalls) {
      try {
        return await this.#settle(member, call, started, signal);
      } finally {
        done();
      }
    }
    call.then(done, done);
    let guard: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      guard = setTimeout(() => {
        reject(
          new TransportError(
            'SPINDLE_CLIENT_TIMEOUT',
            `${member.description}: no answer within ${Math.round(budgetMs)} ms`,
            'unknown',
            member.description,
          ),
        );
      }, budgetMs + GUARD_GRACE_MS);
    });
    try {
      return await this.#settle(member, Promise.race([call, timedOut]), started, signal);
    } finally {
      clearTimeout(guard);
    }
  }

  /** Waits for an attempt and books its outcome on the member's counters. */
  async #settle(
    member: PoolMember,
    call: Promise<unknown>,
    started: number,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    try {
      const result = await call;
      member.successes += 1;
      member.consecutiveFailures = 0;
      member.recordLatency(performance.now() - started);
      this.#idempotent.discoverIfPending(member.invoker);
      return result;
    } catch (error) {
      if (error instanceof Fault || (SpindleError.is(error) && error.code === 'SPINDLE_FAULT')) {
        member.faults += 1;
        member.consecutiveFailures = 0;
        member.recordLatency(performance.now() - started);
      } else if (error instanceof TransportError && signal?.aborted !== true) {
        this.#recordFailure(member, error);
      }
      throw error;
    }
  }

  #recordFailure(member: PoolMember, error: TransportError): void {
    member.failures += 1;
    member.consecutiveFailures += 1;
    if (member.state !== 'healthy') return;
    const view = {
      total: this.#members.length,
      ejected: this.#members.filter((m) => m.state !== 'healthy').length,
    };
    if (this.#ejection.shouldEject(member, error, view)) {
      const reason =
        error.outcome === 'not-executed' && member.consecutiveFailures === 1
          ? `unreachable (${error.message})`
          : `${member.consecutiveFailures} transport failures in a row (last: ${error.message})`;
      this.#eject(member, reason);
    }
  }

  #eject(member: PoolMember, reason: string): void {
    member.ejections += 1;
    member.probeAttempts = 0;
    this.#setState(member, 'ejected', reason);
    this.#scheduleProbe(member);
  }

  #scheduleProbe(member: PoolMember): void {
    if (this.#closed) return;
    const delay = this.#backoff.delay(member.probeAttempts);
    member.probeTimer = setTimeout(() => void this.#probe(member), delay);
    // A pending probe must not keep a finished program alive.
    member.probeTimer.unref();
  }

  async #probe(member: PoolMember): Promise<void> {
    if (this.#closed || member.state !== 'ejected') return;
    this.#setState(member, 'probing', `probe ${member.probeAttempts + 1}`);
    member.probes += 1;
    let answered: boolean;
    let detail = 'probe answered';
    try {
      await member.invoker.invoke(this.#probeMethod, [], { timeoutMs: this.#probeTimeoutMs });
      answered = true;
    } catch (error) {
      // A fault (introspection off, say) is still an answer from a live member.
      answered = !(error instanceof TransportError);
      if (!answered) detail = `probe failed: ${(error as Error).message}`;
    }
    // Removed, or the pool closed, while the probe was out: leave it be.
    if (!this.#stillProbing(member)) return;
    if (answered) {
      member.consecutiveFailures = 0;
      member.probeAttempts = 0;
      this.#setState(member, 'healthy', detail);
      this.#idempotent.discoverIfPending(member.invoker);
    } else {
      member.probeAttempts += 1;
      this.#setState(member, 'ejected', detail);
      this.#scheduleProbe(member);
    }
  }

  #stillProbing(member: PoolMember): boolean {
    return !this.#closed && member.state === 'probing';
  }

  #setState(member: PoolMember, to: MemberState, reason: string): void {
    const from = member.state;
    if (from === to) return;
    member.state = to;
    const change: MemberStateChange = { member: member.description, from, to, reason };
    const log = to === 'ejected' || to === 'removed' ? 'warn' : 'info';
    this.#logger[log](
      `pool ${this.#serviceName()}: member ${member.description} ${from} -> ${to}: ${reason}`,
    );
    this.emit('stateChange', change);
  }

  #closeWhenIdle(member: PoolMember): void {
    if (member.owned && member.inFlight === 0) void member.invoker.close();
  }

  #noMember(cause?: TransportError): NoAvailableMemberError {
    return new NoAvailableMemberError(
      this.#serviceName(),
      this.#members.map((m) => m.report()),
      cause === undefined ? {} : { cause },
    );
  }

  #serviceName(): string {
    return this.#name ?? defaultServiceName(this.#members.map((m) => m.description));
  }

  #assertOpen(): void {
    if (this.#closed) throw new SpindleError('SPINDLE_CLOSED', `pool ${this.#serviceName()} is closed`);
  }
}
