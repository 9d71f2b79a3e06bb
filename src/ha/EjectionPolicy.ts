import { SpindleError } from '../common/index.js';
import type { TransportError } from '../rpc/index.js';

/** What the ejection policy sees of the member that just failed. */
export interface EjectionCandidate {
  /** Transport failures in a row on this member, the one just recorded included. */
  readonly consecutiveFailures: number;
}

/** What the ejection policy sees of the whole pool. */
export interface EjectionPoolView {
  /** Members in the pool (ejected ones included, removed ones not). */
  readonly total: number;
  /** Members ejected (or being probed) right now. */
  readonly ejected: number;
}

/** Decides when a transport failure takes a member out of rotation. */
export interface EjectionPolicyLike {
  /** True to eject `member` after `error`. Called only for transport errors, never for faults. */
  shouldEject(member: EjectionCandidate, error: TransportError, pool: EjectionPoolView): boolean;
  /**
   * Whether a member may be ejected for stalling (see `outlierDetection`) now.
   * @default one more may go while another member stays in rotation
   */
  mayEjectAnother?(pool: EjectionPoolView): boolean;
}

/** Options of {@link EjectionPolicy}. */
export interface EjectionPolicyOptions {
  /** Transport failures in a row that eject a member (Finagle's and Envoy's 5). @default 5 */
  readonly consecutiveFailures?: number;
  /** Eject at once when a member refuses connections: it is certainly down, not hit by one bad request. @default true */
  readonly ejectOnConnectFailure?: boolean;
  /**
   * Largest share of the members that failure counting may hold ejected at
   * once (at least one member, never the last healthy one). Members that
   * refuse connections are ejected regardless: a refusing member cannot serve.
   * @default 0.5
   */
  readonly maxEjectedShare?: number;
}

/** Codes that mean the member could not even be reached: nothing listens there, or a nested pool is empty. */
const unreachableCodes = new Set(['SPINDLE_CLIENT_CONNECT_FAILED', 'SPINDLE_HA_NO_AVAILABLE_MEMBER']);

/**
 * The default ejection rule: a member leaves rotation after
 * `consecutiveFailures` transport failures in a row, or at once when it
 * refuses connections.
 *
 * The share cap is what keeps one bad request (a call that times out or
 * resets the connection on every member) from emptying the pool: such
 * failures can only eject up to `maxEjectedShare` of the members, and never
 * the last healthy one. Faults never reach this policy.
 */
export class EjectionPolicy implements EjectionPolicyLike {
  public readonly consecutiveFailures: number;
  public readonly ejectOnConnectFailure: boolean;
  public readonly maxEjectedShare: number;

  public constructor(options: EjectionPolicyOptions = {}) {
    this.consecutiveFailures = options.consecutiveFailures ?? 5;
    this.ejectOnConnectFailure = options.ejectOnConnectFailure ?? true;
    this.maxEjectedShare = options.maxEjectedShare ?? 0.5;
    if (!(this.consecutiveFailures >= 1))
      throw new SpindleError('SPINDLE_INVALID_ARGUMENT', 'EjectionPolicy: consecutiveFailures must be >= 1');
    if (!(this.maxEjectedShare >= 0 && this.maxEjectedShare <= 1))
      throw new SpindleError('SPINDLE_INVALID_ARGUMENT', 'EjectionPolicy: maxEjectedShare must be in [0, 1]');
  }

  public shouldEject(member: EjectionCandidate, error: TransportError, pool: EjectionPoolView): boolean {
    if (this.ejectOnConnectFailure && unreachableCodes.has(error.code)) return true;
    if (member.consecutiveFailures < this.consecutiveFailures) return false;
    return this.mayEjectAnother(pool);
  }

  /** Whether failure counting may eject one more member of `pool` now. */
  public mayEjectAnother(pool: EjectionPoolView): boolean {
    const cap = this.maxEjectedShare === 0 ? 0 : Math.max(1, Math.floor(this.maxEjectedShare * pool.total));
    return pool.ejected + 1 <= cap && pool.ejected + 1 < pool.total;
  }
}
