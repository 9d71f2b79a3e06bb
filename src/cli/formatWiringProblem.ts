import { formatLocation } from '../definitions/SourceLocation.js';
import type { SourceLocation } from '../definitions/SourceLocation.js';

/** A problem from the readers or the container: both have this shape. */
export interface LocatedProblem {
  readonly message: string;
  readonly location: SourceLocation;
  readonly objectId?: string;
}

/** `file:line:col: [objectId] message`, as the readers print theirs. */
export function formatWiringProblem(problem: LocatedProblem): string {
  const id = problem.objectId === undefined ? '' : `[${problem.objectId}] `;
  return `${formatLocation(problem.location)}: ${id}${problem.message}`;
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
