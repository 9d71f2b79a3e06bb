import { setMaxListeners } from 'node:events';

import { SpindleError } from '../common/index.js';
import { outsideCall } from '../rpc/index.js';
import type { PoolMember } from './PoolMember.js';

/** Options of a pool's stall detection (`outlierDetection`). */
export interface OutlierDetectionOptions {
  /**
   * A member with calls in flight that has answered none of them for this long
   * is checked with a probe call; 0 turns stall detection off.
   * @default 250
   */
  readonly stallMs?: number;
  /** Time the check's probe has to answer; without an answer the member is ejected. @default 500 */
  readonly checkTimeoutMs?: number;
}

/** An attempt in flight on a member, as the stall detector tracks it. */
export interface TrackedAttempt {
  /** When it was sent (`performance.now()`). */
  readonly startedAt: number;
}

/** What the detector asks of its member set. */
export interface StallHooks {
  /** Whether `member` answers a probe call within `timeoutMs`. */
  answers(member: PoolMember, timeoutMs: number): Promise<boolean>;
  /** Ejects `member` for `reason` unless the ejection cap forbids it; true when it did. */
  eject(member: PoolMember, reason: string): boolean;
}

interface Flights {
  readonly attempts: Set<TrackedAttempt>;
  /** Aborted when the member is ejected for stalling: the attempts that carry its signal are given up. */
  giveUp: AbortController | undefined;
  /** When an attempt on the member last ended (an answer or an error), or its clock was reset. */
  lastSettledAt: number;
  checking: boolean;
}

/**
 * Latency outlier detection for frozen members (Envoy's outlier detection,
 * keyed on time rather than on errors): a member that holds calls and has
 * answered none of them for `stallMs` gets a probe call. A live member
 * answers it even while it serves slow calls, and is left alone; a frozen one
 * (SIGSTOP, a VM pause, a blackholed network) does not answer within
 * `checkTimeoutMs`, and is ejected, so it stops getting new calls. Its
 * idempotent attempts (those sent with its `giveUpSignal`) are given up at
 * once so their calls go elsewhere; the others wait for their deadline, since
 * they may already have run there. One controller per member, made when
 * first asked for, keeps that free for calls.
 *
 * A timer runs only while attempts are in flight.
 */
export class StallDetector {
  public readonly stallMs: number;
  public readonly checkTimeoutMs: number;
  readonly #hooks: StallHooks;
  readonly #flights = new Map<PoolMember, Flights>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  public constructor(options: OutlierDetectionOptions, hooks: StallHooks) {
    this.stallMs = options.stallMs ?? 250;
    this.checkTimeoutMs = options.checkTimeoutMs ?? 500;
    if (!(this.stallMs >= 0 && Number.isFinite(this.stallMs)))
      invalid(`stallMs must be a finite number >= 0, got ${String(this.stallMs)}`);
    if (!(this.checkTimeoutMs > 0 && Number.isFinite(this.checkTimeoutMs)))
      invalid(`checkTimeoutMs must be a finite number > 0, got ${String(this.checkTimeoutMs)}`);
    this.#hooks = hooks;
  }

  /** Starts watching an attempt; the returned function ends it (an answer or an error). */
  public track(member: PoolMember, attempt: TrackedAttempt): () => void {
    if (this.stallMs === 0 || this.#closed) return () => undefined;
    const flights = this.#flightsOf(member, attempt.startedAt);
    flights.attempts.add(attempt);
    this.#timer ??= this.#start();
    const watched = flights;
    return () => {
      watched.attempts.delete(attempt);
      watched.lastSettledAt = performance.now();
    };
  }

  /**
   * The signal that aborts when `member` is ejected for stalling; an attempt
   * that may be sent elsewhere (idempotent) carries it. Undefined when stall
   * detection is off.
   */
  public giveUpSignal(member: PoolMember): AbortSignal | undefined {
    if (this.stallMs === 0 || this.#closed) return undefined;
    const flights = this.#flightsOf(member, performance.now());
    if (flights.giveUp === undefined) {
      flights.giveUp = new AbortController();
      // Every idempotent call in flight on the member listens to it: no leak, so no warning at 11.
      setMaxListeners(0, flights.giveUp.signal);
    }
    return flights.giveUp.signal;
  }

  #flightsOf(member: PoolMember, now: number): Flights {
    let flights = this.#flights.get(member);
    if (flights === undefined) {
      flights = { attempts: new Set(), lastSettledAt: now, checking: false, giveUp: undefined };
      this.#flights.set(member, flights);
    }
    return flights;
  }

  /** Forgets a member that left the pool. */
  public forget(member: PoolMember): void {
    this.#flights.delete(member);
  }

  public close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#flights.clear();
  }

  #start(): NodeJS.Timeout {
    // Started by whichever call is tracked first: the sweep and its probes must not keep that call's context.
    const timer = outsideCall(() =>
      setInterval(
        () => {
          this.#sweep();
        },
        Math.max(10, this.stallMs / 4),
      ),
    );
    // Watching must not keep a finished program alive.
    timer.unref();
    return timer;
  }

  #sweep(): void {
    const now = performance.now();
    let busy = false;
    for (const [member, flights] of this.#flights) {
      const oldest = flights.attempts.values().next();
      if (oldest.done === true) continue;
      busy = true;
      if (flights.checking || member.state !== 'healthy') continue;
      const quietFor = now - Math.max(flights.lastSettledAt, oldest.value.startedAt);
      if (quietFor >= this.stallMs) void this.#check(member, flights, quietFor);
    }
    if (!busy) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  async #check(member: PoolMember, flights: Flights, quietFor: number): Promise<void> {
    flights.checking = true;
    const answered = await this.#hooks.answers(member, this.checkTimeoutMs);
    flights.checking = false;
    if (this.#closed || member.state !== 'healthy') return;
    if (answered) {
      // Alive and merely slow: start a new quiet period rather than probe it on every sweep.
      flights.lastSettledAt = performance.now();
      return;
    }
    const held = flights.attempts.size;
    const reason = `stalled: no answer for ${Math.round(quietFor)} ms with ${held} call(s) in flight, and none to a probe within ${this.checkTimeoutMs} ms`;
    if (!this.#hooks.eject(member, reason)) return;
    const giveUp = flights.giveUp;
    // Later attempts (after the member is re-admitted) get a fresh signal.
    flights.giveUp = undefined;
    giveUp?.abort(`member ${member.description} ${reason}`);
  }
}

function invalid(message: string): never {
  throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `HighAvailabilityProxy: outlierDetection.${message}`);
}
