import { SpindleError } from '../../common/index.js';

/** The numeric fields of `ServerLimits`: each, when set, must be a finite number >= 0. */
export const SERVER_LIMIT_NAMES: readonly string[] = Object.freeze([
  'maxBodyBytes',
  'maxInflatedBytes',
  'gzipThreshold',
  'headersTimeoutMs',
  'requestTimeoutMs',
  'keepAliveTimeoutMs',
  'maxConnections',
  'maxConnectionsPerAddress',
  'maxAuthFailures',
  'authFailureWindowMs',
  'authLockoutMs',
  'closeTimeoutMs',
  'maxResponseBytes',
]);

/** A value as a message shows it: text quoted, so `"60000"` stands out from 60000. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}

/**
 * Refuses, at construction, a limit that is not a finite number >= 0, naming
 * it (`limits.authLockoutMs`). A string that slipped through (`"60000"` from
 * untyped configuration) would otherwise misbehave much later: `now + "60000"`
 * concatenates, and the lockout never ends.
 *
 * @param prefix how the limits are named in messages, e.g. `limits` or `limits.decode`
 * @param limits the limits object as given (undefined: nothing to check)
 * @param names the fields to check; others are left alone
 * @throws SpindleError `SPINDLE_INVALID_ARGUMENT` naming the first bad field
 */
export function checkLimits(prefix: string, limits: object | undefined, names: readonly string[]): void {
  if (limits === undefined) return;
  if (typeof limits !== 'object' || (limits as unknown) === null) {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `${prefix} must be an object, got ${shown(limits)}`);
  }
  for (const name of names) {
    const value: unknown = Object.hasOwn(limits, name)
      ? (limits as Record<string, unknown>)[name]
      : undefined;
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `${prefix}.${name} must be a number >= 0, got ${shown(value)}`,
      );
    }
  }
}

/** `value` when it is an integer >= 1; else a `SPINDLE_INVALID_ARGUMENT` naming the option `name`. */
export function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `${name} must be a positive integer, got ${String(value)}`,
    );
  }
  return value;
}

/** `value` when it is an integer >= 0; else a `SPINDLE_INVALID_ARGUMENT` naming the option `name`. */
export function nonNegativeInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `${name} must be an integer >= 0, got ${String(value)}`,
    );
  }
  return value;
}
