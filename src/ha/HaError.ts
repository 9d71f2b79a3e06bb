import type { SpindleErrorCode } from '../common/errorCodes.js';
import type { CallOutcome } from '../transport/TransportError.js';
import { TransportError } from '../transport/TransportError.js';

/** What an error of the pool reports about one member when it was raised. */
export interface MemberStateReport {
  /** The member's description (its URL without credentials). */
  readonly description: string;
  /** `healthy`, `ejected`, `probing` or `removed`. */
  readonly state: string;
  /** Transport failures in a row when the error was raised. */
  readonly consecutiveFailures: number;
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
  public constructor(
    code: SpindleErrorCode,
    message: string,
    outcome: CallOutcome,
    url: string,
    options: { readonly cause?: unknown } = {},
  ) {
    super(code, message, outcome, url, options);
  }
}

/**
 * Every member of the pool is ejected (or the pool is empty): the call was not
 * sent anywhere. Raised at once, without waiting: the pool never hangs.
 */
export class NoAvailableMemberError extends HaError {
  /** The service the pool stands for. */
  public readonly service: string;
  /** Each member's state when the call was refused. */
  public readonly members: readonly MemberStateReport[];

  public constructor(
    service: string,
    members: readonly MemberStateReport[],
    options: { readonly cause?: unknown } = {},
  ) {
    const states =
      members.length === 0
        ? 'the pool has no members'
        : members
            .map((m) => `${m.description} ${m.state} (${m.consecutiveFailures} failures in a row)`)
            .join('; ');
    super(
      'SPINDLE_HA_NO_AVAILABLE_MEMBER',
      `no available member for service '${service}': ${states}`,
      'not-executed',
      service,
      options,
    );
    this.service = service;
    this.members = members;
  }
}

/**
 * A call on a method not declared idempotent was sent to a member and then
 * lost (reset, timed out, deadline passed): it may have run there, so the pool
 * does not send it again. `member` names where it may have run.
 */
export class OutcomeUnknownError extends HaError {
  /** The member that had the call when its outcome was lost. */
  public readonly member: string;
  /** The method called. */
  public readonly method: string;

  public constructor(
    member: string,
    method: string,
    reason: string,
    options: { readonly cause?: unknown } = {},
  ) {
    super(
      'SPINDLE_HA_OUTCOME_UNKNOWN',
      `outcome of ${method} unknown: ${reason} on member ${member}; it may have run there, so it was not sent again`,
      'unknown',
      member,
      options,
    );
    this.member = member;
    this.method = method;
  }
}
