/** Something with a deadline (a `performance.now()` time) to be told about once it passes. */
export interface Expiring {
  readonly deadline: number;
  expire(): void;
}

/** Node caps a timer's delay at 2^31-1 ms (about 24.8 days). */
const MAX_DELAY_MS = 2 ** 31 - 1;

/**
 * The deadlines of the calls in flight, watched by one timer armed for the
 * earliest of them. A timer per call costs more than the rest of a fast call
 * (Node creates and tears down a timer list each time); here a call only
 * joins and leaves a Set, and the timer is re-armed only when a call's
 * deadline is earlier than the one it is armed for. The timer is unref'd: a
 * call in flight keeps the process alive through its socket.
 */
export class DeadlineWatch<T extends Expiring> {
  private readonly items = new Set<T>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  /** Watches `item` until `delete` or until its deadline passes (then `expire` is called). */
  public add(item: T): void {
    this.items.add(item);
    if (item.deadline < this.armedFor) this.arm(item.deadline);
  }

  /** Stops watching `item`. The timer stays armed; when it fires with nothing due it re-arms or rests. */
  public delete(item: T): void {
    this.items.delete(item);
  }

  /** Stops the timer and forgets every item. */
  public clear(): void {
    this.items.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedFor = at;
    this.timer = setTimeout(
      this.fire,
      Math.min(MAX_DELAY_MS, Math.max(0, Math.ceil(at - performance.now()))),
    );
    this.timer.unref();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.armedFor = Infinity;
    const now = performance.now();
    const due: T[] = [];
    let next = Infinity;
    for (const item of this.items) {
      if (item.deadline <= now) due.push(item);
      else if (item.deadline < next) next = item.deadline;
    }
    for (const item of due) this.items.delete(item);
    if (next < Infinity) this.arm(next);
    for (const item of due) item.expire();
  };
}
