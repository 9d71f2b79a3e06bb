import { formatProblem } from '../definitions/ContextProblem.js';
import type { SourceLocation } from '../definitions/SourceLocation.js';

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

/** Problems in reading order: file (in `files` order), line, column. */
export function sortLocated<T extends LocatedProblem>(problems: readonly T[], files: readonly string[]): T[] {
  const rank = (file: string): number => {
    const index = files.indexOf(file);
    return index < 0 ? files.length : index;
  };
  return [...problems].sort(
    (a, b) =>
      rank(a.location.file) - rank(b.location.file) ||
      a.location.file.localeCompare(b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column,
  );
}
