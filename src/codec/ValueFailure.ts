import type { CodecErrorCode } from './CodecError.js';

/**
 * A failure inside a value being decoded; carries the path segments collected
 * while unwinding, so the happy path pays nothing for paths.
 */
export class ValueFailure extends Error {
  /** Path segments, innermost first (`.name`, `[3]`). */
  public readonly segments: string[] = [];

  public constructor(
    public readonly code: CodecErrorCode,
    message: string,
    /** Where in the document the failure was found. */
    public readonly at: number,
  ) {
    super(message);
  }
}
