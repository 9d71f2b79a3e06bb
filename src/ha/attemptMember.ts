import { SpindleError } from '../common/index.js';
import { Fault } from '../codec/index.js';
import { TransportError } from '../rpc/index.js';
import type { MemberSet } from './MemberSet.js';
import type { PoolMember } from './PoolMember.js';

/** Grace given to a member's own timer before the pool's guard timer decides, in milliseconds. */
const GUARD_GRACE_MS = 25;

/** One attempt of a pool's call on one member. */
export interface MemberAttempt {
  readonly member: PoolMember;
  readonly method: string;
  readonly params: readonly unknown[];
  /** The id every attempt of the call carries. */
  readonly requestId: string;
  /** The bound of this attempt: what is left of the deadline, or the per-attempt timeout. */
  readonly timeoutMs: number;
  /** Whether the method may be sent twice (the member's client may then retry a stale socket). */
  readonly idempotent: boolean;
  readonly signal: AbortSignal | undefined;
  /** The call's metadata (what the pool's interceptors added), sent by every attempt. */
  readonly metadata?: Readonly<Record<string, string>> | undefined;
}

/**
 * Makes one attempt and books its outcome on the member: a result or a fault
 * resets its failure streak, a transport error counts against it (unless the
 * caller aborted). The member gets the bound as its own `timeoutMs` and
 * reports the true outcome. A guard timer stops the pool from waiting on an
 * invoker that might ignore it, so the caller's deadline holds whatever the
 * member does; Spindle's own client keeps its bound, so it costs no timer.
 *
 * @param members where transport failures are booked (they may eject the member)
 * @param onAnswered called when the member answered with a result
 */
export async function attemptMember(
  attempt: MemberAttempt,
  members: MemberSet,
  onAnswered: (member: PoolMember) => void,
): Promise<unknown> {
  const { member, method, params, requestId, timeoutMs, idempotent, signal, metadata } = attempt;
  const started = performance.now();
  member.calls += 1;
  member.inFlight += 1;
  const untrack = members.track(member, { startedAt: started });
  // A user's invoker that throws instead of rejecting must still end this attempt's bookkeeping.
  let call: Promise<unknown>;
  try {
    call = member.invoker.invoke(
      method,
      params,
      signal === undefined && metadata === undefined
        ? { requestId, timeoutMs, idempotent }
        : {
            requestId,
            timeoutMs,
            idempotent,
            ...(signal === undefined ? {} : { signal }),
            ...(metadata === undefined ? {} : { metadata }),
          },
    );
  } catch (error) {
    call = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const done = (): void => {
    member.inFlight -= 1;
    untrack();
    if (member.state === 'removed') members.closeWhenIdle(member);
  };
  const settle = async (pending: Promise<unknown>): Promise<unknown> => {
    try {
      const result = await pending;
      member.successes += 1;
      member.consecutiveFailures = 0;
      member.recordLatency(performance.now() - started);
      onAnswered(member);
      return result;
    } catch (error) {
      if (error instanceof Fault || (SpindleError.is(error) && error.code === 'SPINDLE_FAULT')) {
        member.faults += 1;
        member.consecutiveFailures = 0;
        member.recordLatency(performance.now() - started);
      } else if (error instanceof TransportError && signal?.aborted !== true) {
        members.recordFailure(member, error);
      }
      throw error;
    }
  };
  if (member.boundsItsCalls) {
    try {
      return await settle(call);
    } finally {
      done();
    }
  }
  call.then(done, done);
  let guard: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    // An invoker that ignores its signal must not hold a cancelled hedge or a given-up attempt either.
    if (signal !== undefined) {
      onAbort = () => {
        reject(
          new TransportError(
            'SPINDLE_CLIENT_ABORTED',
            `${member.description}: call aborted`,
            'unknown',
            member.description,
          ),
        );
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    guard = setTimeout(() => {
      reject(
        new TransportError(
          'SPINDLE_CLIENT_TIMEOUT',
          `${member.description}: no answer within ${Math.round(timeoutMs)} ms`,
          'unknown',
          member.description,
        ),
      );
    }, timeoutMs + GUARD_GRACE_MS);
  });
  try {
    return await settle(Promise.race([call, timedOut]));
  } finally {
    clearTimeout(guard);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
}
