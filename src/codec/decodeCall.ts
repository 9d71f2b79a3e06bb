import { CodecError } from './CodecError.js';
import type { DecodeLimits } from './DecodeLimits.js';
import { resolveLimits } from './DecodeLimits.js';
import type { DecodeOptions } from './DecodeOptions.js';
import { resolveDecodeOptions } from './DecodeOptions.js';
import { parseMessage } from './parseMessage.js';

/** A decoded `<methodCall>`. */
export interface DecodedCall {
  readonly method: string;
  readonly params: unknown[];
  /**
   * Whether the call used `<i8>` anywhere: its sender reads the extension, so
   * the answer may write large integers as `<i8>` (`largeIntegers: 'i8'`).
   */
  readonly usedI8: boolean;
}

/**
 * Decodes a `<methodCall>` (the server side). Reads leniently (i8, nil, Apache
 * `ex:` types, untyped strings, CDATA, comments, date variants) and refuses
 * precisely: every failure is a `CodecError` whose `faultCode` is the fault to
 * answer with (−32700, −32701, −32702 or −32600).
 *
 * @param limits raises or lowers the {@link DEFAULT_DECODE_LIMITS} per call.
 * @param decoding how dates and structs are shaped; see {@link DecodeOptions}.
 */
export function decodeCall(
  input: Buffer | Uint8Array | string,
  limits?: Partial<DecodeLimits>,
  decoding?: DecodeOptions,
): DecodedCall {
  const message = parseMessage(input, resolveLimits(limits), resolveDecodeOptions(decoding));
  if (message.kind !== 'call') {
    throw new CodecError('SPINDLE_CODEC_INVALID_REQUEST', 'expected a <methodCall>, got a response');
  }
  return { method: message.method, params: message.params, usedI8: message.usedI8 };
}
