import type { SpindleErrorCode, SpindleErrorOptions } from '../common/index.js';
import { SpindleError } from '../common/index.js';
import { FAULT_CODES } from './faultCodes.js';

/** The error codes a {@link CodecError} may carry. */
export type CodecErrorCode = Extract<
  SpindleErrorCode,
  | 'SPINDLE_CODEC_NOT_WELL_FORMED'
  | 'SPINDLE_CODEC_UNSUPPORTED_ENCODING'
  | 'SPINDLE_CODEC_INVALID_CHARACTER'
  | 'SPINDLE_CODEC_INVALID_REQUEST'
  | 'SPINDLE_CODEC_LIMIT_EXCEEDED'
  | 'SPINDLE_CODEC_UNENCODABLE'
>;

const faultCodeOf: Readonly<Record<CodecErrorCode, number>> = {
  SPINDLE_CODEC_NOT_WELL_FORMED: FAULT_CODES.NOT_WELL_FORMED,
  SPINDLE_CODEC_UNSUPPORTED_ENCODING: FAULT_CODES.UNSUPPORTED_ENCODING,
  SPINDLE_CODEC_INVALID_CHARACTER: FAULT_CODES.INVALID_CHARACTER,
  SPINDLE_CODEC_INVALID_REQUEST: FAULT_CODES.INVALID_REQUEST,
  SPINDLE_CODEC_LIMIT_EXCEEDED: FAULT_CODES.INVALID_REQUEST,
  // A value the server cannot serialize is the server's own failure.
  SPINDLE_CODEC_UNENCODABLE: FAULT_CODES.INTERNAL_ERROR,
};

/**
 * A message that cannot be decoded, or a value that cannot be encoded.
 *
 * `faultCode` is the interoperability fault code a server answers with when
 * this error comes from decoding a request (−32700, −32701, −32702, −32600),
 * and −32603 for an encode failure.
 */
export class CodecError extends SpindleError {
  /** The XML-RPC fault code this error maps to. */
  public readonly faultCode: number;

  public constructor(code: CodecErrorCode, message: string, options: SpindleErrorOptions = {}) {
    super(code, message, options);
    this.faultCode = faultCodeOf[code];
  }
}
