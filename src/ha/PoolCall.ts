import { TransportError } from '../rpc/index.js';
import { attemptMember } from './attemptMember.js';
import type { BackoffPolicy } from './Backoff.js';
import type { NoAvailableMemberError, PoolAttempt } from './HaError.js';
import { OutcomeUnknownError } from './HaError.js';
import type { MemberSet } from './MemberSet.js';
import type { PoolMember } from './PoolMember.js';
import type { RetryBudgetPolicy } from './RetryBudget.js';

/** What every call of one pool shares. */
export interface PoolCallContext {
  readonly members: MemberSet;
  readonly budget: RetryBudgetPolicy;
  /** Delay before each retry (not before a hedge). */
  readonly retryBackoff: BackoffPolicy;
  readonly attemptTimeoutMs: number | undefined;
  readonly maxAttempts: number;
  /** A member answered with a result. */
  readonly onAnswered: (member: PoolMember) => void;
  /** Attempt `attempt` (2 for the first retry or hedge) goes to `member` after the attempt on `previous` failed or lagged. */
  readonly onRetry: (
    call: PoolCall,
    attempt: number,
    member: PoolMember,
    previous: string,
    reason: string,
  ) => void;
  /** The error for a call no member can take. */
  readonly noMember: (attempts: readonly PoolAttempt[]) => NoAvailableMemberError;
  /** The error for a call whose deadline passed before any member was tried (`not-executed`). */
  readonly deadlinePassed: (method: string) => TransportError;
}

/** One call as the caller made it. */
export interface PoolCallRequest {
  readonly method: string;
  readonly params: readonly unknown[];
  /** The id every attempt carries. */
  readonly requestId: string;
  /** When the call must have ended (`Date.now()` scale). */
  readonly deadline: number;
  /** Whether the method may be sent twice. */
  readonly idempotent: boolean;
  readonly signal: AbortSignal | undefined;
  /** The call's metadata (what the pool's interceptors added), sent by every attempt. */
  readonly metadata?: Readonly<Record<string, string>> | undefined;
}

/**
 * One call through a pool: its attempts, the members it tried, and the
 * honest end when no attempt answered. `run()` tries members one after the
 * other with a jittered backoff between attempts; `hedgeCall` sends
 * overlapping attempts through the same `send`.
 */
export class PoolCall {
  /** Every failed attempt so far, in order. */
  public readonly attempts: PoolAttempt[] = [];
  /** Members this call must not go to again; made on the first failure or hedge, as most calls never need it. */
  #tried: Set<PoolMember> | undefined;
  readonly #context: PoolCallContext;
  readonly #request: PoolCallRequest;

  public constructor(context: PoolCallContext, request: PoolCallRequest) {
    this.#context = context;
    this.#request = request;
  }

  /** The call as the caller made it. */
  public get request(): PoolCallRequest {
    return this.#request;
  }

  /** What the pool's calls share (members, budget, limits). */
  public get context(): PoolCallContext {
    return this.#context;
  }

  /** A healthy member this call has not tried, as the balancer chooses; undefined when none. */
  public pick(): PoolMember | undefined {
    return this.#context.members.pick(this.#tried);
  }

  /** Keeps the call's later attempts off `member` (it failed, or holds a hedge). */
  public exclude(member: PoolMember): void {
    (this.#tried ??= new Set()).add(member);
  }

  /** Milliseconds left before the deadline. */
  public remaining(): number {
    return this.#request.deadline - Date.now();
  }

  /**
   * Sends one attempt to `member`. It ends early when the caller aborts, when
   * `cancel` fires (a hedge that lost), or when the pool gives it up because
   * the member stalled (then it fails with `SPINDLE_CLIENT_TIMEOUT`).
   */
  public async send(member: PoolMember, cancel?: AbortSignal): Promise<unknown> {
    const { idempotent, signal } = this.#request;
    // Only an idempotent attempt can be given up or lose a hedge: the others keep the caller's
    // signal as it is.
    if (!idempotent && cancel === undefined) return this.#attempt(member, signal);
    const giveUp = this.#context.members.giveUpSignal(member);
    let unlink = noop;
    let attemptSignal = giveUp ?? signal;
    // More than one source of abort: one controller follows them all (otherwise none is made).
    if ([giveUp, signal, cancel].filter((s) => s !== undefined).length > 1) {
      const own = new AbortController();
      unlink = follow(own, [giveUp, signal, cancel]);
      attemptSignal = own.signal;
    } else if (cancel !== undefined) {
      attemptSignal = cancel;
    }
    try {
      return await this.#attempt(member, attemptSignal);
    } catch (error) {
      if (!(error instanceof TransportError) || giveUp?.aborted !== true) throw error;
      // Given up by the pool, not by the caller: say so, with the attempt's true outcome.
      throw new TransportError(
        'SPINDLE_CLIENT_TIMEOUT',
        `${member.description}: attempt given up (${String(giveUp.reason)})`,
        error.outcome,
        member.description,
        { cause: error },
      );
    } finally {
      unlink();
    }
  }

  #attempt(member: PoolMember, signal: AbortSignal | undefined): Promise<unknown> {
    const { method, params, requestId, idempotent, metadata } = this.#request;
    const remaining = this.remaining();
    const timeoutMs = Math.min(remaining, this.#context.attemptTimeoutMs ?? remaining);
    return attemptMember(
      { member, method, params, requestId, timeoutMs, idempotent, signal, metadata },
      this.#context.members,
      this.#context.onAnswered,
    );
  }

  /** Books a failed attempt. */
  public failed(member: PoolMember, error: TransportError): void {
    this.exclude(member);
    this.attempts.push({ member: member.description, outcome: error.outcome, cause: error });
  }

  /** Whether the caller aborted the call. */
  public get aborted(): boolean {
    return this.#request.signal?.aborted === true;
  }

  /**
   * Tries members one after the other until one answers: a transport error
   * moves the call on only if it was not executed or the method is
   * idempotent, and only while the deadline and the retry budget allow, after
   * the retry backoff.
   */
  public async run(): Promise<unknown> {
    const { maxAttempts, budget, retryBackoff } = this.#context;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const last = this.attempts.at(-1);
      if (last !== undefined) {
        if (!this.#context.members.canPick(this.#tried) || this.remaining() <= 0) break;
        if (!budget.tryWithdraw()) break;
        const pause = Math.min(retryBackoff.delay(attempt - 1), this.remaining());
        if (pause > 0 && !(await sleep(pause, this.#request.signal))) break;
      }
      // Chosen after the pause: a member may have been ejected during it.
      const member = this.pick();
      if (member === undefined || this.remaining() <= 0) break;
      if (last !== undefined)
        this.#context.onRetry(this, attempt + 1, member, last.member, last.cause.message);
      try {
        return await this.send(member);
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        this.failed(member, error);
        // An abort ends the call at once, but cannot undo an earlier attempt that may have run.
        if (this.aborted) throw error.outcome === 'unknown' ? error : (this.mayHaveRun() ?? error);
        if (error.outcome !== 'not-executed' && !this.#request.idempotent) throw this.mayHaveRun() ?? error;
      }
    }
    throw this.finalError();
  }

  /**
   * The error of a call no attempt answered: the most cautious outcome of all
   * its attempts (one that may have run makes it "unknown", whatever later
   * members said); `NoAvailableMemberError` when every member is now ejected;
   * a `SPINDLE_CLIENT_TIMEOUT` (not executed) when the deadline had passed
   * before any member was tried.
   */
  public finalError(): Error {
    const last = this.attempts.at(-1);
    if (last === undefined) {
      // Not the members' fault: the caller had no time left (its own deadline, or the one it was served under).
      if (this.remaining() <= 0) return this.#context.deadlinePassed(this.#request.method);
      return this.#context.noMember([]);
    }
    const ran = this.mayHaveRun();
    if (ran !== undefined) return ran;
    if (!this.#context.members.anyHealthy()) return this.#context.noMember(this.attempts);
    return last.cause;
  }

  /** The call's `OutcomeUnknownError` when any attempt may have run, naming the last such member. */
  public mayHaveRun(): OutcomeUnknownError | undefined {
    const ran = this.attempts.findLast((attempt) => attempt.outcome !== 'not-executed');
    if (ran === undefined) return undefined;
    return new OutcomeUnknownError(ran.member, this.#request.method, ran.cause.message, {
      cause: ran.cause,
      attempts: this.attempts,
    });
  }
}

function noop(): void {
  // Nothing to undo.
}

/**
 * Aborts `target` when any of `sources` aborts (what `AbortSignal.any` does,
 * at a fraction of its cost on Node 20); returns the function that stops
 * following them.
 */
function follow(target: AbortController, sources: readonly (AbortSignal | undefined)[]): () => void {
  const onAbort = function (this: AbortSignal): void {
    target.abort(this.reason);
  };
  const followed: AbortSignal[] = [];
  for (const source of sources) {
    if (source === undefined) continue;
    if (source.aborted) {
      target.abort(source.reason);
      break;
    }
    source.addEventListener('abort', onAbort, { once: true });
    followed.push(source);
  }
  return () => {
    for (const source of followed) source.removeEventListener('abort', onAbort);
  };
}

/** Waits `ms`; false when `signal` aborted first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve(false);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
