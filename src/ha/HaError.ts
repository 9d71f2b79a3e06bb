import type { SpindleErrorCode } from '../common/index.js';
import type { CallOutcome } from '../rpc/index.js';
import { TransportError } from '../rpc/index.js';

/** What an error of the pool reports about one member when it was raised. */
export interface MemberStateReport {
  /** The member's description (its URL without credentials). */
  readonly description: string;
  /** `healthy`, `ejected`, `probing` or `removed`. */
  readonly state: string;
  /** Transport failures in a row when the error was raised. */
  readonly consecutiveFailures: number;
}

/** One attempt of a pool's call that failed below XML-RPC: where it went and how it ended. */
export interface PoolAttempt {
  /** The member's description (its URL without credentials). */
  readonly member: string;
  /** Whether the call may have run on that member. */
  readonly outcome: CallOutcome;
  /** The member's own error. */
  readonly cause: TransportError;
}

/** Options of a pool error. */
export interface HaErrorOptions {
  /** The error behind it (usually the last attempt's). @default undefined */
  readonly cause?: unknown;
  /** Every failed attempt of the call, in order. @default [] */
  readonly attempts?: readonly PoolAttempt[];
}

/**
 * The base of the errors a high-availability pool raises itself.
 *
 * It extends `TransportError` on purpose: for whoever holds the pool, an empty
 * pool or a call lost on a member is a failure of the carriage, never the
 * service's answer, and its `outcome` tells the truth. A pool whose members are
 * pools then decides on these errors exactly as on a socket error.
 */
export class HaError extends TransportError {
  /**
   * Every attempt the call made before the pool gave up, in order: a member
   * that refused it, one that may have run it, and so on. The error's
   * `outcome` is the most cautious of theirs.
   */
  public readonly attempts: readonly PoolAttempt[];

  public constructor(
    code: SpindleErrorCode,
    message: string,
    outcome: CallOutcome,
    url: string,
    options: HaErrorOptions = {},
  ) {
    super(code, message, outcome, url, options.cause === undefined ? {} : { cause: options.cause });
    this.attempts = options.attempts ?? [];
  }
}

/**
 * Every member of the pool is ejected (or the pool is empty): the call was not
 * sent anywhere, or only to members that refused it before it could run.
 * Raised at once, without waiting: the pool never hangs.
 */
export class NoAvailableMemberError extends HaError {
  /** The service the pool stands for. */
  public readonly service: string;
  /** Each member's state when the call was refused. */
  public readonly members: readonly MemberStateReport[];

  public constructor(service: string, members: readonly MemberStateReport[], options: HaErrorOptions = {}) {
    const states =
      members.length === 0
        ? 'the pool has no members'
        : members
            .map((m) => `${m.description} ${m.state} (${m.consecutiveFailures} failures in a row)`)
            .join('; ');
    super(
      'SPINDLE_HA_NO_AVAILABLE_MEMBER',
      `no available member for service '${service}': ${states}${listAttempts(options.attempts)}`,
      'not-executed',
      service,
      options,
    );
    this.service = service;
    this.members = members;
  }
}

/**
 * A call was lost after it was sent to a member: it may have run there. A
 * method not declared idempotent is then never sent again; an idempotent one
 * may have been, to members that failed too (see `attempts`). Whatever the
 * later attempts said (a refused connection, an empty pool), the outcome stays
 * `unknown`. `member` names where it may have run (the last such member).
 */
export class OutcomeUnknownError extends HaError {
  /** The member that had the call when its outcome was lost. */
  public readonly member: string;
  /** The method called. */
  public readonly method: string;

  public constructor(member: string, method: string, reason: string, options: HaErrorOptions = {}) {
    const attempts = options.attempts ?? [];
    super(
      'SPINDLE_HA_OUTCOME_UNKNOWN',
      attempts.length > 1
        ? `outcome of ${method} unknown: it may have run on member ${member}${listAttempts(attempts)}`
        : `outcome of ${method} unknown: ${reason} on member ${member}; it may have run there, and it was not sent again`,
      'unknown',
      member,
      options,
    );
    this.member = member;
    this.method = method;
  }
}

/** `; attempts: 1. member (outcome: what happened); 2. …`, or nothing without attempts. */
function listAttempts(attempts: readonly PoolAttempt[] | undefined): string {
  if (attempts === undefined || attempts.length === 0) return '';
  const lines = attempts.map((attempt, index) => {
    const { message, url } = attempt.cause;
    // Member errors start with their URL, which the line already names.
    const detail = message.startsWith(`${url}: `) ? message.slice(url.length + 2) : message;
    return `${index + 1}. ${attempt.member} (${attempt.outcome}: ${detail})`;
  });
  return `; attempts: ${lines.join('; ')}`;
}
