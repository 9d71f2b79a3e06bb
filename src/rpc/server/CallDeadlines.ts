/** One call waiting on a deadline; unlinked when it settles or expires. */
export interface Deadline {
  /** When the call expires, in `performance.now()` milliseconds. */
  readonly at: number;
  /** Runs once if the deadline passes before `settle`. */
  readonly expire: () => void;
  prev: Deadline | undefined;
  next: Deadline | undefined;
  /** False once settled or expired: whoever flips it first wins. */
  pending: boolean;
}

/**
 * The per-call timeouts of one dispatcher with a single timer. Most calls get
 * the same timeout, so deadlines mostly arrive in order: a linked list whose
 * head is always the earliest, a new entry placed by walking back from the
 * tail (one step when in order), and one unreferenced timer armed for the
 * head. A call costs one small object instead of a Node timer to create,
 * unreference and clear; the timer is created lazily on the first async call
 * and re-armed only when it fires or an earlier deadline arrives (a caller's
 * shorter `Spindle-Timeout`).
 */
export class CallDeadlines {
  private head: Deadline | undefined;
  private tail: Deadline | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires, in `performance.now()` milliseconds. */
  private armedAt = Infinity;

  public constructor(private readonly timeoutMs: number) {}

  /**
   * Starts the clock for one call; `expire` runs if it is not settled by `at`
   * (`performance.now()` milliseconds; default: the timeout from now).
   */
  public add(expire: () => void, at: number = performance.now() + this.timeoutMs): Deadline {
    const entry: Deadline = { at, expire, prev: undefined, next: undefined, pending: true };
    let after = this.tail;
    while (after !== undefined && after.at > at) after = after.prev;
    entry.prev = after;
    entry.next = after === undefined ? this.head : after.next;
    if (entry.prev === undefined) this.head = entry;
    else entry.prev.next = entry;
    if (entry.next === undefined) this.tail = entry;
    else entry.next.prev = entry;
    // An armed timer fires no later than this deadline when calls share one timeout; only
    // an earlier deadline (by more than the timer's rounding) re-arms it.
    if (this.timer === undefined) this.timer = this.arm(at - performance.now());
    else if (at + 1 < this.armedAt) {
      clearTimeout(this.timer);
      this.timer = this.arm(at - performance.now());
    }
    return entry;
  }

  /** The call settled in time: true when it beat its deadline (and must now be answered). */
  public settle(entry: Deadline): boolean {
    if (!entry.pending) return false;
    this.unlink(entry);
    return true;
  }

  private unlink(entry: Deadline): void {
    entry.pending = false;
    if (entry.prev === undefined) this.head = entry.next;
    else entry.prev.next = entry.next;
    if (entry.next === undefined) this.tail = entry.prev;
    else entry.next.prev = entry.prev;
    entry.prev = undefined;
    entry.next = undefined;
  }

  private arm(delayMs: number): NodeJS.Timeout {
    const wait = Math.max(1, Math.ceil(delayMs));
    this.armedAt = performance.now() + wait;
    const timer = setTimeout(this.sweep, wait);
    timer.unref();
    return timer;
  }

  /** Expires every call past its deadline, then re-arms for the next one (if any). */
  private readonly sweep = (): void => {
    this.timer = undefined;
    this.armedAt = Infinity;
    const now = performance.now();
    const expired: Deadline[] = [];
    let entry = this.head;
    while (entry !== undefined && entry.at <= now) {
      this.unlink(entry);
      expired.push(entry);
      entry = this.head;
    }
    // Re-armed before running callbacks: a throwing one must not stop later deadlines.
    if (entry !== undefined) this.timer = this.arm(entry.at - now);
    for (const done of expired) {
      try {
        done.expire();
      } catch (error) {
        // Surfaces like an error thrown in any timer callback, after the others ran.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };
}
