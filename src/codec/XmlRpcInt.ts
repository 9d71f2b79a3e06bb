import { CodecError } from './CodecError.js';

/**
 * Forces a number onto the wire as `<int>` (32-bit signed). Plain numbers that
 * are integral and within 32 bits are written as `<int>` already; use this to
 * say so explicitly and fail early when the value does not fit.
 */
export class XmlRpcInt {
  /** The integer, within −2^31..2^31−1. */
  public readonly value: number;

  /** @throws CodecError `SPINDLE_CODEC_UNENCODABLE` when `value` is not a 32-bit integer. */
  public constructor(value: number) {
    if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
      throw new CodecError(
        'SPINDLE_CODEC_UNENCODABLE',
        `XmlRpcInt needs a 32-bit integer, got ${String(value)}`,
      );
    }
    this.value = value;
  }
}
