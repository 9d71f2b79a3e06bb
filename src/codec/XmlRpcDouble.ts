import { CodecError } from './CodecError.js';

/**
 * Forces a number onto the wire as `<double>`. JavaScript cannot tell `20.0`
 * from `20`, so an integral number would otherwise be written as `<int>`.
 */
export class XmlRpcDouble {
  /** The finite number. */
  public readonly value: number;

  /** @throws CodecError `SPINDLE_CODEC_UNENCODABLE` for NaN and ±Infinity, which XML-RPC cannot carry. */
  public constructor(value: number) {
    if (!Number.isFinite(value)) {
      throw new CodecError(
        'SPINDLE_CODEC_UNENCODABLE',
        `XmlRpcDouble needs a finite number, got ${String(value)}`,
      );
    }
    this.value = value;
  }
}
