import type { SpindleErrorCode } from '../common/index.js';
import { SpindleError } from '../common/index.js';
import type { SourceLocation } from '../definitions/index.js';
import type { WiringProblem } from './WiringProblem.js';

/** Options of a {@link ContainerError}. */
export interface ContainerErrorOptions {
  /** The lower-level error. @default undefined */
  readonly cause?: unknown;
  /** The object the error is about. @default undefined */
  readonly objectId?: string;
  /** Where that object (or the faulty value) was written. @default undefined */
  readonly location?: SourceLocation;
  /** Every problem, when the error reports several at once. @default [] */
  readonly problems?: readonly WiringProblem[];
}

/**
 * An error of the container layer: wiring objects, creating them, running
 * their lifecycle. It names the object and, when it came from a file, where.
 */
export class ContainerError extends SpindleError {
  /** @default undefined */
  public readonly objectId: string | undefined;
  /** @default undefined */
  public readonly location: SourceLocation | undefined;
  /** Every problem found, when several were (class resolution, `check`). @default [] */
  public readonly problems: readonly WiringProblem[];

  public constructor(code: SpindleErrorCode, message: string, options: ContainerErrorOptions = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.objectId = options.objectId;
    this.location = options.location;
    this.problems = options.problems ?? [];
  }
}
