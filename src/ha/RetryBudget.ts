import { SpindleError } from '../common/index.js';

/** Decides whether a call may be sent once more; shared by every call of a pool. */
export interface RetryBudgetPolicy {
  /** Records one call (not a retry); each call earns a share of a retry. */
  deposit(): void;
  /** Takes one retry from the budget; false when it is spent (the call is then not retried). */
  tryWithdraw(): boolean;
  /** Retries available now. */
  balance(): number;
}

/** Options of {@link RetryBudget}; the defaults are Finagle's. */
export interface RetryBudgetOptions {
  /** How long deposits and withdrawals count, in milliseconds (Finagle allows 1 s to 60 s). @default 10000 */
  readonly ttlMs?: number;
  /** Retries allowed per second whatever the traffic, so a quiet client can still fail over. @default 10 */
  readonly minRetriesPerSecond?: number;
  /** Share of calls that may be retried on top of the minimum. @default 0.2 */
  readonly percentCanRetry?: number;
  /** Clock in milliseconds; replace it in tests. @default Date.now */
  readonly now?: () => number;
}

const SLOTS = 10;

/**
 * Finagle's retry budget (`RetryBudget(ttl, minRetriesPerSec, percentCanRetry)`):
 * within the last `ttl`, retries may not exceed `percentCanRetry` of the calls
 * plus `minRetriesPerSecond × ttl`. It is what stops a retry storm when a
 * member fails every call: the extra load on the others stays bounded.
 *
 * Counts are kept in ten time slots over the window, so memory is constant.
 */
export class RetryBudget implements RetryBudgetPolicy {
  public readonly ttlMs: number;
  public readonly minRetriesPerSecond: number;
  public readonly percentCanRetry: number;
  readonly #now: () => number;
  readonly #slotMs: number;
  readonly #deposits = new Float64Array(SLOTS);
  readonly #withdrawals = new Float64Array(SLOTS);
  #slot: number;

  public constructor(options: RetryBudgetOptions = {}) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.minRetriesPerSecond = options.minRetriesPerSecond ?? 10;
    this.percentCanRetry = options.percentCanRetry ?? 0.2;
    this.#now = options.now ?? Date.now;
    if (!(this.ttlMs >= 1000 && this.ttlMs <= 60_000)) invalid('ttlMs must be between 1000 and 60000');
    if (!(this.minRetriesPerSecond >= 0 && Number.isFinite(this.minRetriesPerSecond)))
      invalid('minRetriesPerSecond must be a finite number >= 0');
    if (!(this.percentCanRetry >= 0 && this.percentCanRetry <= 1))
      invalid('percentCanRetry must be in [0, 1]');
    this.#slotMs = this.ttlMs / SLOTS;
    this.#slot = Math.floor(this.#now() / this.#slotMs);
  }

  /** A budget that never allows a retry. */
  public static empty(): RetryBudget {
    return new RetryBudget({ minRetriesPerSecond: 0, percentCanRetry: 0 });
  }

  public deposit(): void {
    const index = this.#advance();
    this.#deposits[index] = (this.#deposits[index] ?? 0) + 1;
  }

  public tryWithdraw(): boolean {
    const index = this.#advance();
    if (this.#balance() < 1) return false;
    this.#withdrawals[index] = (this.#withdrawals[index] ?? 0) + 1;
    return true;
  }

  public balance(): number {
    this.#advance();
    return Math.max(0, this.#balance());
  }

  #balance(): number {
    let deposits = 0;
    let withdrawals = 0;
    for (let i = 0; i < SLOTS; i++) {
      deposits += this.#deposits[i] ?? 0;
      withdrawals += this.#withdrawals[i] ?? 0;
    }
    const reserve = (this.minRetriesPerSecond * this.ttlMs) / 1000;
    // Floor the share so 0.2 × 5 calls gives exactly one retry, not 0.999… of one.
    return reserve + Math.floor(deposits * this.percentCanRetry + 1e-9) - withdrawals;
  }

  /** Moves the window to now, clearing slots that fell out of it; returns the current slot index. */
  #advance(): number {
    const slot = Math.floor(this.#now() / this.#slotMs);
    const steps = Math.min(SLOTS, Math.max(0, slot - this.#slot));
    for (let i = 1; i <= steps; i++) {
      const index = (this.#slot + i) % SLOTS;
      this.#deposits[index] = 0;
      this.#withdrawals[index] = 0;
    }
    if (slot > this.#slot) this.#slot = slot;
    return this.#slot % SLOTS;
  }
}

function invalid(message: string): never {
  throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `RetryBudget: ${message}`);
}
