export { Backoff } from './Backoff.js';
export type { BackoffOptions, BackoffPolicy } from './Backoff.js';
export { balancerNames, LeastRequestBalancer, RoundRobinBalancer } from './Balancer.js';
export type { Balancer, BalancerCandidate, BalancerName } from './Balancer.js';
export type { HedgingOptions } from './hedgeCall.js';
export type { OutlierDetectionOptions } from './StallDetector.js';
export { EjectionPolicy } from './EjectionPolicy.js';
export type {
  EjectionCandidate,
  EjectionPolicyLike,
  EjectionPolicyOptions,
  EjectionPoolView,
} from './EjectionPolicy.js';
export { HaError, NoAvailableMemberError, OutcomeUnknownError } from './HaError.js';
export type { HaErrorOptions, MemberStateReport, PoolAttempt } from './HaError.js';
export { HighAvailabilityProxy } from './HighAvailabilityProxy.js';
export type {
  HighAvailabilityProxyEvents,
  HighAvailabilityProxyOptions,
  MemberStateChange,
  PoolRetry,
} from './HighAvailabilityProxy.js';
export { idempotentMethods } from './IdempotencyCatalog.js';
export type { MemberDiscovery, MemberOptions, PoolMembership } from './MemberDiscovery.js';
export type { MemberState, MemberStats } from './PoolMember.js';
export type { PoolMemberSpec } from './resolveMember.js';
export { RetryBudget } from './RetryBudget.js';
export type { RetryBudgetOptions, RetryBudgetPolicy } from './RetryBudget.js';
