import type { Invoker } from '../rpc/index.js';

import type { MemberStateReport } from './HaError.js';

/**
 * Where a member stands:
 * - `healthy`: in rotation;
 * - `ejected`: out of rotation until its next probe;
 * - `probing`: out of rotation, one probe call in flight;
 * - `removed`: taken out by `remove()`; calls already on it finish.
 */
export type MemberState = 'healthy' | 'ejected' | 'probing' | 'removed';

/** A member's counters, as `HighAvailabilityProxy.stats()` returns them. */
export interface MemberStats {
  /** The member's description (its URL without credentials). */
  readonly description: string;
  readonly state: MemberState;
  /** Calls sent to the member (retries included, probes not). */
  readonly calls: number;
  /** Calls that returned a result. */
  readonly successes: number;
  /** Calls the service answered with a fault (never held against the member). */
  readonly faults: number;
  /** Calls that failed in transport. */
  readonly failures: number;
  /** Transport failures in a row, reset by any answer. */
  readonly consecutiveFailures: number;
  /** Times the member was ejected. */
  readonly ejections: number;
  /** Calls on the member right now. */
  readonly inFlight: number;
  /** The member's share of the traffic relative to the others. */
  readonly weight: number;
  /** Probe calls sent while ejected. */
  readonly probes: number;
  /** Mean latency of answered calls (results and faults), in milliseconds; 0 before the first. */
  readonly meanLatencyMs: number;
  /** The 99th percentile of the last 256 answered calls, in milliseconds. */
  readonly p99LatencyMs: number;
  /** The slowest answered call, in milliseconds. */
  readonly maxLatencyMs: number;
}

const WINDOW = 256;

/** One member of a pool: its invoker, its state and its counters. Internal to the pool. */
export class PoolMember {
  public state: MemberState = 'healthy';
  public calls = 0;
  public successes = 0;
  public faults = 0;
  public failures = 0;
  public consecutiveFailures = 0;
  public ejections = 0;
  public inFlight = 0;
  public probes = 0;
  /** The member's share of the traffic relative to the others (`weights`, or its registration). */
  public weight = 1;
  /** Failed probes since the last ejection: the backoff attempt number. */
  public probeAttempts = 0;
  /** When the pending probe fires, if any. */
  public probeTimer: NodeJS.Timeout | undefined;
  /** Whether the pool created the invoker (from a URL) and so must close it. */
  public readonly owned: boolean;
  /** What the user passed to the pool, to find the member again in `remove()`. */
  public readonly source: unknown;
  /** The invoker says it ends every call within its `timeoutMs` (`Invoker.settlesWithinTimeout`). */
  public readonly boundsItsCalls: boolean;
  readonly #latencies = new Float64Array(WINDOW);
  #latencyCount = 0;
  #latencyTotal = 0;
  #maxLatency = 0;

  public constructor(
    public readonly invoker: Invoker,
    source: unknown,
    owned: boolean,
  ) {
    this.source = source;
    this.owned = owned;
    this.boundsItsCalls = invoker.settlesWithinTimeout === true;
  }

  public get description(): string {
    return this.invoker.description;
  }

  /** Records the latency of a call the member answered (result or fault). */
  public recordLatency(ms: number): void {
    this.#latencies[this.#latencyCount % WINDOW] = ms;
    this.#latencyCount += 1;
    this.#latencyTotal += ms;
    if (ms > this.#maxLatency) this.#maxLatency = ms;
  }

  public report(): MemberStateReport {
    return {
      description: this.description,
      state: this.state,
      consecutiveFailures: this.consecutiveFailures,
    };
  }

  public stats(): MemberStats {
    const n = Math.min(this.#latencyCount, WINDOW);
    const recent = Array.from(this.#latencies.subarray(0, n)).sort((a, b) => a - b);
    return {
      description: this.description,
      state: this.state,
      calls: this.calls,
      successes: this.successes,
      faults: this.faults,
      failures: this.failures,
      consecutiveFailures: this.consecutiveFailures,
      ejections: this.ejections,
      inFlight: this.inFlight,
      weight: this.weight,
      probes: this.probes,
      meanLatencyMs: this.#latencyCount === 0 ? 0 : this.#latencyTotal / this.#latencyCount,
      p99LatencyMs: n === 0 ? 0 : (recent[Math.min(n - 1, Math.ceil(n * 0.99) - 1)] ?? 0),
      maxLatencyMs: this.#maxLatency,
    };
  }
}
