/** Settings of an `AuthFailureLimiter`. */
export interface AuthFailureLimits {
  /** Failed Basic-auth attempts one client address may make per window; 0 disables the limit. @default 10 */
  readonly maxFailures: number;
  /** Length of the counting window, in milliseconds. @default 60000 */
  readonly windowMs: number;
  /** How long an address that reached the limit is refused (429) without any check. @default 60000 */
  readonly lockoutMs: number;
}

interface Tally {
  windowStart: number;
  failures: number;
  lockedUntil: number;
}

/** Addresses tracked at most; beyond this, expired entries are dropped (memory stays bounded). */
const MAX_TRACKED = 10_000;

/**
 * Counts failed Basic-auth attempts per client address in a fixed window and
 * locks an address out once it reaches the limit. A locked address is answered
 * 429 before its credentials are even looked at, so a brute force costs the
 * attacker the lockout and gains no information. Success does not reset the
 * tally: otherwise one known account could launder guesses at another.
 * Credentials travel once per HTTP request, so a `system.multicall` carries
 * exactly one identity and each request counts as one attempt.
 */
export class AuthFailureLimiter {
  private readonly tallies = new Map<string, Tally>();

  public constructor(
    private readonly limits: AuthFailureLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds `address` must still wait, or 0 when it may try. */
  public lockedFor(address: string): number {
    if (this.limits.maxFailures === 0) return 0;
    const tally = this.tallies.get(address);
    if (tally === undefined) return 0;
    return Math.max(0, tally.lockedUntil - this.now());
  }

  /** Records one failed attempt; true when it locked the address out. */
  public fail(address: string): boolean {
    if (this.limits.maxFailures === 0) return false;
    const now = this.now();
    let tally = this.tallies.get(address);
    if (tally === undefined || now - tally.windowStart >= this.limits.windowMs) {
      if (tally === undefined && this.tallies.size >= MAX_TRACKED) this.prune(now);
      tally = { windowStart: now, failures: 0, lockedUntil: tally?.lockedUntil ?? 0 };
      this.tallies.set(address, tally);
    }
    tally.failures += 1;
    if (tally.failures < this.limits.maxFailures) return false;
    tally.lockedUntil = now + this.limits.lockoutMs;
    tally.failures = 0;
    tally.windowStart = now;
    return true;
  }

  /** Drops tallies whose window and lockout are both over; the oldest go if none are. */
  private prune(now: number): void {
    for (const [address, tally] of this.tallies) {
      if (now - tally.windowStart >= this.limits.windowMs && tally.lockedUntil <= now) {
        this.tallies.delete(address);
      }
    }
    if (this.tallies.size < MAX_TRACKED) return;
    const oldest = this.tallies.keys().next();
    if (oldest.done !== true) this.tallies.delete(oldest.value);
  }
}
