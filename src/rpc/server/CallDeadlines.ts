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
 * The per-call timeouts of one dispatcher with a single timer. Every call gets
 * the same timeout, so deadlines arrive in order: a linked list (O(1) add and
 * remove) whose head is always the earliest, and one unreferenced timer armed
 * for that head. A call costs one small object instead of a Node timer to
 * create, unreference and clear; the timer is created lazily on the first
 * async call and re-armed only when it fires.
 */
export class CallDeadlines {
  private head: Deadline | undefined;
  private tail: Deadline | undefined;
  private timer: NodeJS.Timeout | undefined;

  public constructor(private readonly timeoutMs: number) {}

  /** Starts the clock for one call; `expire` runs if it is not settled within the timeout. */
  public add(expire: () => void): Deadline {
    const entry: Deadline = {
      at: performance.now() + this.timeoutMs,
      expire,
      prev: this.tail,
      next: undefined,
      pending: true,
    };
    if (this.tail === undefined) this.head = entry;
    else this.tail.next = entry;
    this.tail = entry;
    // An armed timer fires no later than this entry's deadline (entries are in order).
    this.timer ??= this.arm(this.timeoutMs);
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
    const timer = setTimeout(this.sweep, Math.max(1, Math.ceil(delayMs)));
    timer.unref();
    return timer;
  }

  /** Expires every call past its deadline, then re-arms for the next one (if any). */
  private readonly sweep = (): void => {
    this.timer = undefined;
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
