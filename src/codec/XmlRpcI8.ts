import { CodecError } from './CodecError.js';

const MIN_I8 = -(2n ** 63n);
const MAX_I8 = 2n ** 63n - 1n;

/** True when `value` fits a signed 64-bit integer. */
export function isI8Range(value: bigint): boolean {
  return value >= MIN_I8 && value <= MAX_I8;
}

/**
 * Forces an integer onto the wire as `<i8>` (64-bit signed, the de-facto
 * extension CPython, xmlrpc-c and rTorrent read). A `bigint` is written as
 * `<i8>` already; use this for a small number a peer expects as i8.
 */
export class XmlRpcI8 {
  /** The integer as a bigint, within −2^63..2^63−1. */
  public readonly value: bigint;

  /** @throws CodecError `SPINDLE_CODEC_UNENCODABLE` when `value` is not an integer within 64 bits. */
  public constructor(value: number | bigint) {
    if (typeof value === 'number' && !Number.isInteger(value)) {
      throw new CodecError('SPINDLE_CODEC_UNENCODABLE', `XmlRpcI8 needs an integer, got ${String(value)}`);
    }
    const big = BigInt(value);
    if (!isI8Range(big)) {
      throw new CodecError(
        'SPINDLE_CODEC_UNENCODABLE',
        `XmlRpcI8 needs a 64-bit integer, got ${String(value)}`,
      );
    }
    this.value = big;
  }
}
