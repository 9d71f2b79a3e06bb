import type { SpindleErrorCode } from './errorCodes.js';

const spindleErrorBrand = Symbol.for('spindle.error');

/** Options every Spindle error accepts. */
export interface SpindleErrorOptions {
  /** The lower-level error that caused this one. @default undefined */
  readonly cause?: unknown;
}

/**
 * The base of every error Spindle throws. Each carries a stable string `code`
 * from the catalogue in `errorCodes.ts`; subclasses exist per layer (codec,
 * transport, config, container, ha), not per call site.
 *
 * `SpindleError.is(x)` works across two installed copies of the package, where
 * `instanceof` would not, because it checks a `Symbol.for` brand.
 */
export class SpindleError extends Error {
  /** The stable code; match on this rather than on the message. */
  public readonly code: SpindleErrorCode;

  public constructor(code: SpindleErrorCode, message: string, options: SpindleErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    Object.defineProperty(this, spindleErrorBrand, { value: true });
  }

  /** The class name, so stack traces and `toString()` name the subclass. */
  public override get name(): string {
    return this.constructor.name;
  }

  /** True for any Spindle error, from this copy of the package or another. */
  public static is(value: unknown): value is SpindleError {
    return typeof value === 'object' && value !== null && spindleErrorBrand in value;
  }

  public override toString(): string {
    return `${this.name} [${this.code}]: ${this.message}`;
  }
}
