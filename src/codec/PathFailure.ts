/** Thrown inside the writer; collects the path while unwinding so the happy path pays nothing for it. */
export class PathFailure extends Error {
  /** Path segments, innermost first (`.name`, `[3]`). */
  public readonly segments: string[] = [];
}

/** Fails the value being written, for `reason`; the writer adds its path. */
export function fail(reason: string): never {
  throw new PathFailure(reason);
}
