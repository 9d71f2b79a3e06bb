import { CodecError } from './CodecError.js';
import type { DecodeLimits } from './DecodeLimits.js';
import { resolveLimits } from './DecodeLimits.js';
import { parseMessage } from './parseMessage.js';

/**
 * Decodes a `<methodCall>` (the server side). Reads leniently (i8, nil, Apache
 * `ex:` types, untyped strings, CDATA, comments, date variants) and refuses
 * precisely: every failure is a `CodecError` whose `faultCode` is the fault to
 * answer with (−32700, −32701, −32702 or −32600).
 *
 * @param limits raises or lowers the {@link DEFAULT_DECODE_LIMITS} per call.
 */
export function decodeCall(
  input: Buffer | Uint8Array | string,
  limits?: Partial<DecodeLimits>,
): { method: string; params: unknown[] } {
  const message = parseMessage(input, resolveLimits(limits));
  if (message.kind !== 'call') {
    throw new CodecError('SPINDLE_CODEC_INVALID_REQUEST', 'expected a <methodCall>, got a response');
  }
  return { method: message.method, params: message.params };
}
