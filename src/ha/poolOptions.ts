import { SpindleError } from '../common/index.js';
import { Backoff } from './Backoff.js';
import type { BackoffOptions, BackoffPolicy } from './Backoff.js';
import type { EjectionPolicyLike } from './EjectionPolicy.js';
import type { RetryBudgetPolicy } from './RetryBudget.js';

/**
 * A name for a pool nobody named: the members' common service path
 * (`Service` for `…/Service` on every replica, `ServiceName` for the seed's
 * `ServiceName0..9`), else their descriptions.
 */
export function defaultServiceName(descriptions: readonly string[]): string {
  if (descriptions.length === 0) return 'empty pool';
  const names = descriptions.map((d) => /\/([^/?#]+)\/?$/.exec(d)?.[1] ?? d);
  const first = names[0] ?? '';
  let common = first.length;
  for (const name of names) {
    let i = 0;
    while (i < common && name[i] === first[i]) i += 1;
    common = i;
  }
  return common > 0 ? first.slice(0, common) : descriptions.join(', ');
}

/** `value` if it is > 0; otherwise an invalid-argument error naming the option. */
export function positive(value: number, name: string): number {
  if (!(value > 0)) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `HighAvailabilityProxy: ${name} must be > 0, got ${value}`,
    );
  }
  return value;
}

/** True for a retry budget object (rather than its options). */
export function isBudget(value: unknown): value is RetryBudgetPolicy {
  return typeof value === 'object' && value !== null && 'tryWithdraw' in value;
}

/** True for an ejection policy object (rather than its options). */
export function isEjection(value: unknown): value is EjectionPolicyLike {
  return typeof value === 'object' && value !== null && 'shouldEject' in value;
}

/** True for a backoff policy object (rather than its options). */
export function isBackoff(value: unknown): value is BackoffPolicy {
  return typeof value === 'object' && value !== null && 'delay' in value && typeof value.delay === 'function';
}

/** The retry backoff's defaults: short, since a retry goes to another member; jittered, so callers spread out. */
export const retryBackoffDefaults = { initialMs: 20, multiplier: 2, jitter: 0.5, maxMs: 1000 } as const;

/** The pool's retry backoff: the policy given, or a `Backoff` from the defaults and the options given. */
export function retryBackoffOf(option: BackoffPolicy | BackoffOptions | undefined): BackoffPolicy {
  if (isBackoff(option)) return option;
  return new Backoff({
    ...retryBackoffDefaults,
    // A first delay above the default cap raises the cap, rather than being refused.
    maxMs: Math.max(retryBackoffDefaults.maxMs, option?.initialMs ?? 0),
    ...option,
  });
}

/** `weight` if it is a finite number > 0; otherwise an invalid-argument error naming it. */
export function checkWeight(weight: unknown, name: string): number {
  if (typeof weight !== 'number' || !(weight > 0) || !Number.isFinite(weight)) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `HighAvailabilityProxy: ${name} must be a finite number > 0, got ${String(weight)}`,
    );
  }
  return weight;
}
