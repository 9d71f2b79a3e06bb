import { SpindleError } from '../common/index.js';

import type { ContextProblem } from './ContextProblem.js';
import { formatProblem } from './ContextProblem.js';

/**
 * A context (its files or its definitions) is invalid. Carries every problem
 * found, not only the first, so one run of `spindle check` shows them all.
 * The message lists them one per line as `file:line:col: [objectId] message`.
 */
export class ContextError extends SpindleError {
  /** Every problem, in reading order. */
  public readonly problems: readonly ContextProblem[];

  public constructor(problems: readonly ContextProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${String(problems.length)} problems`;
    super(
      'SPINDLE_CONTEXT_INVALID',
      [`invalid context (${count}):`, ...problems.map(formatProblem)].join('\n'),
    );
    this.problems = problems;
  }
}
