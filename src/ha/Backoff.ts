import { SpindleError } from '../common/index.js';

/** How long to wait before the n-th attempt at something that keeps failing. */
export interface BackoffPolicy {
  /** The delay in milliseconds before attempt `attempt` (0 for the first retry). */
  delay(attempt: number): number;
}

/** Options of {@link Backoff}; the defaults are gRPC's connection backoff. */
export interface BackoffOptions {
  /** Delay before the first retry, in milliseconds. @default 1000 */
  readonly initialMs?: number;
  /** Factor applied to the delay after each failed attempt. @default 1.6 */
  readonly multiplier?: number;
  /** Relative jitter: the delay is spread uniformly over ±jitter of itself. @default 0.2 */
  readonly jitter?: number;
  /** Cap on the delay before jitter, in milliseconds. @default 120000 */
  readonly maxMs?: number;
  /** Source of randomness in [0, 1); seed it in tests. @default Math.random */
  readonly random?: () => number;
}

/**
 * gRPC's connection backoff (`doc/connection-backoff.md`): 1 s, ×1.6, ±20 %,
 * capped at 120 s. The cap applies before the jitter, as in gRPC, so a delay
 * may exceed `maxMs` by up to `jitter` of it: the jitter is what keeps a fleet
 * of clients from probing a recovering server in lock-step.
 */
export class Backoff implements BackoffPolicy {
  public readonly initialMs: number;
  public readonly multiplier: number;
  public readonly jitter: number;
  public readonly maxMs: number;
  readonly #random: () => number;

  public constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1000;
    this.multiplier = options.multiplier ?? 1.6;
    this.jitter = options.jitter ?? 0.2;
    this.maxMs = options.maxMs ?? 120_000;
    this.#random = options.random ?? Math.random;
    check(Number.isFinite(this.initialMs) && this.initialMs >= 0, 'initialMs must be a finite number >= 0');
    check(
      Number.isFinite(this.multiplier) && this.multiplier >= 1,
      'multiplier must be a finite number >= 1',
    );
    check(this.jitter >= 0 && this.jitter < 1, 'jitter must be in [0, 1)');
    check(this.maxMs >= this.initialMs, 'maxMs must be >= initialMs');
  }

  /** The delay before the cap's jitter is applied, for attempt `attempt`. */
  public base(attempt: number): number {
    const n = Math.max(0, Math.floor(attempt));
    // Multiply step by step so a large attempt number saturates at the cap instead of overflowing to Infinity.
    let delay = this.initialMs;
    for (let i = 0; i < n && delay < this.maxMs; i++) delay *= this.multiplier;
    return Math.min(delay, this.maxMs);
  }

  public delay(attempt: number): number {
    const base = this.base(attempt);
    const spread = base * this.jitter;
    return Math.max(0, base - spread + this.#random() * 2 * spread);
  }
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `Backoff: ${message}`);
}
