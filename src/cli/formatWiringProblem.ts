import { formatProblem } from '../definitions/index.js';
import type { SourceLocation } from '../definitions/index.js';

/** A problem from the readers or the container: both have this shape. */
export interface LocatedProblem {
  /** The reader's kebab-case code (`dangling-ref`) or the container's `SPINDLE_CONTAINER_…` code. */
  readonly code: string;
  readonly message: string;
  readonly location: SourceLocation;
  readonly objectId?: string;
}

/** `file:line:col: [objectId] message`, as the readers print theirs. */
export function formatWiringProblem(problem: LocatedProblem): string {
  return formatProblem(problem);
}
