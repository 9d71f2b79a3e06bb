import type { SourceLocation } from './SourceLocation.js';
import { formatLocation } from './SourceLocation.js';

/**
 * What kind of mistake a context file holds, as the readers and
 * `validateDefinitions` find it. Stable, kebab-case; tools may match on it.
 * Wiring problems (classes, modules, exports, built-in properties, ports) are
 * the container's and carry its `SPINDLE_CONTAINER_…` error codes instead.
 */
export type ContextProblemCode =
  | 'not-well-formed'
  | 'limit-exceeded'
  | 'file-not-found'
  | 'unknown-format'
  | 'import-cycle'
  | 'unknown-element'
  | 'unknown-attribute'
  | 'missing-attribute'
  | 'invalid-value'
  | 'missing-placeholder'
  | 'duplicate-id'
  | 'dangling-ref'
  | 'unknown-parent'
  | 'parent-cycle'
  | 'abstract-ref'
  | 'missing-class'
  | 'reference-cycle'
  | 'alias-clash'
  | 'alias-cycle';

/** One mistake in a context, with where it was written. */
export interface ContextProblem {
  readonly code: ContextProblemCode;
  /** One sentence, without the location (see {@link formatProblem}). */
  readonly message: string;
  readonly location: SourceLocation;
  /** The object the problem belongs to. @default undefined (file-level problems) */
  readonly objectId?: string;
}

/**
 * `file:line:col: [objectId] message`, the line `spindle check` prints, for a
 * reader's problem and a container's wiring problem alike.
 */
export function formatProblem(problem: Pick<ContextProblem, 'message' | 'location' | 'objectId'>): string {
  const id = problem.objectId === undefined ? '' : `[${problem.objectId}] `;
  return `${formatLocation(problem.location)}: ${id}${problem.message}`;
}

/**
 * Problems in reading order: by the position of their file in `files` (files
 * not listed go last, by name), then line, then column. Stable for equal keys.
 */
export function sortProblems<T extends Pick<ContextProblem, 'location'>>(
  problems: readonly T[],
  files: readonly string[] = [],
): T[] {
  const rank = (file: string): number => {
    const index = files.indexOf(file);
    return index === -1 ? files.length : index;
  };
  return [...problems].sort(
    (a, b) =>
      rank(a.location.file) - rank(b.location.file) ||
      a.location.file.localeCompare(b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column,
  );
}
