import { TransportError } from '../../rpc/index.js';

/** A call waiting for a slot: when it gives up, and how it is told. */
interface Waiter {
  /** When its call's time is up (a `performance.now()` time). */
  readonly deadline: number;
  /** Hands it a slot, which it now holds. */
  readonly grant: () => void;
  /** Ends its wait without a slot. */
  readonly fail: (error: TransportError) => void;
  /** Ends its wait because its deadline passed. */
  readonly expire: () => void;
}

/** What a waiting call needs besides its place in the queue. */
export interface SlotRequest {
  /** When the call's time is up (a `performance.now()` time): the wait ends then, not `timeoutMs` after each wake-up. */
  readonly deadline: number;
  /** The call's whole timeout, for the message. */
  readonly timeoutMs: number;
  /** Ends the wait when it fires. @default none */
  readonly signal?: AbortSignal | undefined;
}

/**
 * The slots of an ssh channel: at most `max` ssh processes at once, the other
 * calls waiting first come first served. A freed slot is handed straight to
 * the first waiter (the count does not drop), so a call arriving in between
 * cannot take it: it queues behind the waiters, as the HTTP transport's
 * `maxSockets` queue does. A wait ends at the call's deadline, when its
 * signal fires or at `failAll`, always with a `not-executed` TransportError
 * (nothing was sent) and the waiter out of the queue, its timer and abort
 * listener gone.
 */
export class SshSlots {
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];

  public constructor(
    private readonly max: number,
    private readonly url: string,
  ) {}

  /** Calls waiting for a slot (for tests and diagnostics). */
  public get queued(): number {
    return this.waiting.length;
  }

  /** Resolves once the call holds a slot; the holder must `release()` it, whatever happens next. */
  public acquire(request: SlotRequest): Promise<void> {
    if (request.signal?.aborted === true) return Promise.reject(this.abortedBeforeSent(request.signal));
    if (this.inFlight < this.max && this.waiting.length === 0) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.enqueue(request, resolve, reject);
    });
  }

  /** Gives a slot back: to the first waiter whose deadline has not passed, else to the pool. */
  public release(): void {
    const next = this.nextWaiter();
    if (next === undefined) this.inFlight -= 1;
    else next.grant();
  }

  /** Ends every wait with `error` (the channel closed). */
  public failAll(error: TransportError): void {
    for (const waiter of this.waiting.splice(0)) waiter.fail(error);
  }

  /** The call's error when its deadline passed before it was sent. */
  public timedOutBeforeSent(timeoutMs: number): TransportError {
    return new TransportError(
      'SPINDLE_CLIENT_TIMEOUT',
      `${this.url}: its ${timeoutMs} ms ran out after waiting for a free ssh slot; the call was not sent`,
      'not-executed',
      this.url,
    );
  }

  /** The call's error when its signal fired before it was sent. */
  public abortedBeforeSent(signal: AbortSignal): TransportError {
    return new TransportError(
      'SPINDLE_CLIENT_ABORTED',
      `${this.url}: aborted before it was sent`,
      'not-executed',
      this.url,
      { cause: signal.reason },
    );
  }

  private enqueue(request: SlotRequest, resolve: () => void, reject: (error: TransportError) => void): void {
    const { deadline, timeoutMs, signal } = request;
    const leave = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      const index = this.waiting.indexOf(waiter);
      if (index >= 0) this.waiting.splice(index, 1);
    };
    const waiter: Waiter = {
      deadline,
      grant: () => {
        leave();
        resolve();
      },
      fail: (error) => {
        leave();
        reject(error);
      },
      expire: () => {
        waiter.fail(this.timedOutBeforeSent(timeoutMs));
      },
    };
    const onAbort = (): void => {
      waiter.fail(this.abortedBeforeSent(signal as AbortSignal));
    };
    // One timer for the remaining time: a wait never restarts the call's clock.
    const timer = setTimeout(waiter.expire, Math.max(0, Math.ceil(deadline - performance.now())));
    signal?.addEventListener('abort', onAbort, { once: true });
    this.waiting.push(waiter);
  }

  /**
   * The first waiter whose deadline has not passed. Those whose has are
   * failed now (not sent): handing them the slot would start an ssh process
   * with no time left.
   */
  private nextWaiter(): Waiter | undefined {
    const now = performance.now();
    for (let next = this.waiting.shift(); next !== undefined; next = this.waiting.shift()) {
      if (next.deadline > now) return next;
      next.expire();
    }
    return undefined;
  }
}
