import type { Logger } from '../common/index.js';
import type { XmlRpcClientOptions } from '../proxy/index.js';
import type { ClientInterceptor } from '../rpc/index.js';
import type { BackoffOptions, BackoffPolicy } from './Backoff.js';
import type { Balancer, BalancerName } from './Balancer.js';
import type { EjectionPolicyLike, EjectionPolicyOptions } from './EjectionPolicy.js';
import type { HedgingOptions } from './hedgeCall.js';
import type { MemberDiscovery } from './MemberDiscovery.js';
import type { MemberState } from './PoolMember.js';
import type { PoolMemberSpec } from './resolveMember.js';
import type { RetryBudgetOptions, RetryBudgetPolicy } from './RetryBudget.js';
import type { OutlierDetectionOptions } from './StallDetector.js';

/** Options of a {@link HighAvailabilityProxy}. */
export interface HighAvailabilityProxyOptions {
  /** The members: URLs, proxies (from `createProxy`) or `Invoker`s. @default [] */
  readonly members?: readonly PoolMemberSpec[];
  /** A source that adds and removes members as they come and go (e.g. an `EtcdDiscovery`). @default none */
  readonly discovery?: MemberDiscovery;
  /** The service's name, for messages and errors. @default the members' descriptions */
  readonly name?: string;
  /** Methods safe to send twice; added to those the members advertise. @default [] */
  readonly idempotent?: readonly string[];
  /** Ask each member's `system.getCapabilities` for the methods its exporter declares idempotent. @default true */
  readonly discoverIdempotent?: boolean;
  /** Time allowed for a call, all attempts included, in milliseconds; a call's own `timeoutMs` wins. @default 30000 */
  readonly timeoutMs?: number;
  /** Time allowed for one attempt, so an idempotent call to a frozen member leaves time to go elsewhere. @default the whole deadline */
  readonly attemptTimeoutMs?: number;
  /** Attempts per call, the first included; each member is tried at most once per call. @default 3 */
  readonly maxAttempts?: number;
  /** The retry budget, or the options of Finagle's default one (20 % of calls + 10/s over 10 s). @default new RetryBudget() */
  readonly retryBudget?: RetryBudgetPolicy | RetryBudgetOptions;
  /** When a member is ejected, or the options of the default one (5 failures in a row, at once on refusal, 50 % at most). @default new EjectionPolicy() */
  readonly ejection?: EjectionPolicyLike | EjectionPolicyOptions;
  /** Delay before each probe of an ejected member, or the options of gRPC's backoff (1 s, ×1.6, ±20 %, 120 s). @default new Backoff() */
  readonly backoff?: BackoffPolicy | BackoffOptions;
  /** The method a probe calls; a result or a fault both prove the member answers. @default 'system.listMethods' */
  readonly probeMethod?: string;
  /** Time allowed for a probe, in milliseconds. @default 2000 */
  readonly probeTimeoutMs?: number;
  /** Options for the clients made from URL members (TLS, auth, sockets, `decoding`). @default {} */
  readonly client?: XmlRpcClientOptions;
  /** Where state changes are logged. @default silent */
  readonly logger?: Logger;

  // Balancing, hedging and slow members (docs/high-availability.md, "Balancing").
  /**
   * How the pool chooses a member for each attempt: `'round-robin'` (smooth
   * weighted rotation), `'least-request'` (power of two choices over calls in
   * flight per unit of weight), or your own {@link Balancer}.
   * @default 'round-robin'
   */
  readonly balancer?: BalancerName | Balancer;
  /**
   * Members' weights by description (the URL without credentials): a member
   * of weight 2 gets twice the share of one of weight 1. A weight given to
   * `add()` (a discovery's registration `weight`) wins. A key that matches
   * no member is refused at construction (`SPINDLE_INVALID_ARGUMENT`) when
   * `members` are given without `discovery`; with `discovery` it is logged
   * once as a warning, once the first membership has a member.
   * @default {} (every member weighs 1)
   */
  readonly weights?: Readonly<Record<string, number>>;
  /** Hedged attempts for idempotent methods (gRPC A6): another member after `delayMs` without an answer. @default off */
  readonly hedging?: HedgingOptions;
  /** Delay before each retry, or the options of the default one (20 ms, ×2, ±50 %, at most 1 s). @default new Backoff({ initialMs: 20, multiplier: 2, jitter: 0.5, maxMs: 1000 }) */
  readonly retryBackoff?: BackoffPolicy | BackoffOptions;
  /** When a member that holds calls without answering is probed and ejected (a frozen member). @default { stallMs: 250, checkTimeoutMs: 500 } */
  readonly outlierDetection?: OutlierDetectionOptions;
  /**
   * Code around each call of the pool as a whole (all its attempts, retries
   * included), composed in order, the first outermost; what they put in
   * `metadata` goes with every attempt. For code around each attempt, give
   * members made by `createProxy(url, { interceptors })`. See docs/interceptors.md.
   * @default [] (calls go straight to the pool)
   */
  readonly interceptors?: readonly ClientInterceptor[];
}

/** A member's change of state, as the `stateChange` event reports it. */
export interface MemberStateChange {
  /** The member's description. */
  readonly member: string;
  readonly from: MemberState;
  readonly to: MemberState;
  /** Why, e.g. `connection refused`, `5 transport failures in a row`, `probe answered`. */
  readonly reason: string;
}

/** A call the pool sends again, to another member, as the `retry` event reports it. */
export interface PoolRetry {
  /** The pool's service name (its object id in a context). */
  readonly service: string;
  readonly method: string;
  /** The request id every attempt of the call carries (`X-Request-Id`). */
  readonly requestId: string;
  /** The attempt about to be made: 2 for the first retry. */
  readonly attempt: number;
  /** The member the call now goes to. */
  readonly member: string;
  /** The member whose attempt failed. */
  readonly previousMember: string;
  /** Why that attempt failed (the transport error's message). */
  readonly reason: string;
}

/** The events of a pool. */
export interface HighAvailabilityProxyEvents {
  /** A member changed state (ejected, probing, re-admitted, removed). */
  stateChange: [MemberStateChange];
  /** A call failed in transport and is sent again to another member (the budget allowed it). */
  retry: [PoolRetry];
  /** A member joined through `add()` or the constructor. */
  memberAdded: [string];
  /** A member left through `remove()`. */
  memberRemoved: [string];
}
