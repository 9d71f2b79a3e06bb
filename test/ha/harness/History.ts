import { Fault } from '../../../src/codec/Fault.js';
import { TransportError } from '../../../src/rpc/TransportError.js';

/** The one outcome a call ends with, as Jepsen records it (ok / fail / info). */
export type Outcome = 'ok' | 'fault' | 'not-executed' | 'unknown' | 'other';

/** One call in the history. */
export interface Operation {
  readonly id: string;
  readonly method: string;
  readonly startedAt: number;
  readonly deadlineMs: number;
  endedAt: number | undefined;
  outcome: Outcome | undefined;
  /** How many times the call settled: must end at exactly 1. */
  settles: number;
  error: unknown;
  value: unknown;
}

/** A Jepsen-style history: every call invoked, and exactly one completion for each. */
export class History {
  public readonly operations: Operation[] = [];
  #next = 0;

  /** Runs `call` with a fresh request id and records its outcome; never rejects. */
  public async run(
    method: string,
    deadlineMs: number,
    call: (id: string) => Promise<unknown>,
  ): Promise<Operation> {
    const id = `${method}-${process.pid}-${this.#next++}`;
    const op: Operation = {
      id,
      method,
      startedAt: performance.now(),
      deadlineMs,
      endedAt: undefined,
      outcome: undefined,
      settles: 0,
      error: undefined,
      value: undefined,
    };
    this.operations.push(op);
    await call(id).then(
      (value) => {
        op.settles += 1;
        op.endedAt = performance.now();
        op.outcome = 'ok';
        op.value = value;
      },
      (error: unknown) => {
        op.settles += 1;
        op.endedAt = performance.now();
        op.outcome = classify(error);
        op.error = error;
      },
    );
    return op;
  }

  /** Operations of `method` that ended with `outcome`. */
  public count(method: string | undefined, outcome: Outcome): number {
    return this.operations.filter(
      (op) => (method === undefined || op.method === method) && op.outcome === outcome,
    ).length;
  }

  /** The latency percentile `p` (0–100) of the given operations, in milliseconds. */
  public static percentile(ops: readonly Operation[], p: number): number {
    const sorted = ops.map((op) => (op.endedAt ?? Infinity) - op.startedAt).sort((a, b) => a - b);
    if (sorted.length === 0) return 0;
    return sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * p) / 100) - 1)] ?? 0;
  }

  /** One line of figures for the test output. */
  public summary(): string {
    const byMethod = new Map<string, Map<Outcome, number>>();
    for (const op of this.operations) {
      const counts = byMethod.get(op.method) ?? new Map<Outcome, number>();
      counts.set(op.outcome ?? 'other', (counts.get(op.outcome ?? 'other') ?? 0) + 1);
      byMethod.set(op.method, counts);
    }
    return [...byMethod]
      .map(([method, counts]) => `${method}: ${[...counts].map(([o, n]) => `${o} ${n}`).join(', ')}`)
      .join('; ');
  }
}

/** The outcome an error stands for. */
export function classify(error: unknown): Outcome {
  if (error instanceof Fault) return 'fault';
  if (error instanceof TransportError) return error.outcome === 'not-executed' ? 'not-executed' : 'unknown';
  return 'other';
}
