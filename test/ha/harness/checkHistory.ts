import assert from 'node:assert/strict';

import type { Execution } from './ReplicaProcess.js';
import type { History } from './History.js';

/** Options of the invariant check. */
export interface CheckOptions {
  /** Methods that may run twice (sent again after an unknown outcome). */
  readonly idempotent: readonly string[];
  /** The counter method, whose executions must lie between #ok and #ok + #unknown. @default 'incr' */
  readonly counter?: string;
}

/**
 * The invariants checked after every scenario (the research note's I1–I4):
 * each call settled exactly once with a known outcome; none outlived its
 * deadline by more than 100 ms; no request id of a non-idempotent method ran
 * twice, and none that was reported "not executed" ran at all; the counter's
 * executions lie between the calls that succeeded and those plus the unknown.
 */
export function checkHistory(
  history: History,
  executions: readonly Execution[],
  options: CheckOptions,
): void {
  const idempotent = new Set(options.idempotent);
  const counter = options.counter ?? 'incr';
  for (const op of history.operations) {
    // A call still pending here has outlived every deadline: the pool hung it.
    assert.equal(op.settles, 1, `${op.id} settled ${op.settles} times`);
    assert.ok(op.outcome !== undefined, `${op.id} never settled`);
    assert.notEqual(op.outcome, 'other', `${op.id} ended with an unclassified error: ${String(op.error)}`);
    const took = (op.endedAt ?? Infinity) - op.startedAt;
    assert.ok(
      took <= op.deadlineMs + 100,
      `${op.id} took ${Math.round(took)} ms, deadline ${op.deadlineMs} ms`,
    );
  }
  const runs = new Map<string, number>();
  for (const execution of executions) runs.set(execution.id, (runs.get(execution.id) ?? 0) + 1);
  for (const op of history.operations) {
    const times = runs.get(op.id) ?? 0;
    if (!idempotent.has(op.method)) assert.ok(times <= 1, `${op.id} (${op.method}) ran ${times} times`);
    if (op.outcome === 'not-executed') assert.equal(times, 0, `${op.id} was reported not executed but ran`);
    if (op.outcome === 'ok' || op.outcome === 'fault')
      assert.ok(times >= 1, `${op.id} answered but never ran`);
  }
  const ok = history.count(counter, 'ok');
  const unknown = history.count(counter, 'unknown');
  const counted = executions.filter((e) => e.method === counter).length;
  assert.ok(
    ok <= counted && counted <= ok + unknown,
    `${counter}: ${counted} executions, ${ok} ok, ${unknown} unknown`,
  );
}
