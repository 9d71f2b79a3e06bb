import type { SpindleErrorCode } from '../common/index.js';
import type { SourceLocation } from '../definitions/index.js';

/**
 * One problem found while wiring definitions (class resolution, built-in
 * properties, ports), in the same shape as the readers' problems so that
 * `spindle check` prints both alike.
 */
export interface WiringProblem {
  readonly code: SpindleErrorCode;
  readonly message: string;
  readonly location: SourceLocation;
  /** @default undefined */
  readonly objectId?: string;
}
