import { CodecError } from './CodecError.js';
import type { DecodeLimits } from './DecodeLimits.js';
import { resolveLimits } from './DecodeLimits.js';
import type { DecodeOptions } from './DecodeOptions.js';
import { resolveDecodeOptions } from './DecodeOptions.js';
import { parseMessage } from './parseMessage.js';

/**
 * Decodes a `<methodResponse>` (the client side) and returns its one value.
 *
 * @param decoding how dates and structs are shaped; see {@link DecodeOptions}.
 * @throws Fault when the response is a fault (string fault codes and extra members kept).
 * @throws CodecError for anything else that is not exactly one `<param>` (0 or 2+ are refused).
 */
export function decodeResponse(
  input: Buffer | Uint8Array | string,
  limits?: Partial<DecodeLimits>,
  decoding?: DecodeOptions,
): unknown {
  const message = parseMessage(input, resolveLimits(limits), resolveDecodeOptions(decoding));
  if (message.kind === 'fault') throw message.fault;
  if (message.kind !== 'response') {
    throw new CodecError('SPINDLE_CODEC_INVALID_REQUEST', 'expected a <methodResponse>, got a call');
  }
  if (message.params.length !== 1) {
    throw new CodecError(
      'SPINDLE_CODEC_INVALID_REQUEST',
      `a response must carry exactly one <param>, this one has ${message.params.length}`,
    );
  }
  return message.params[0];
}
