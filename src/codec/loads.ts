import type { DecodeLimits } from './DecodeLimits.js';
import { resolveLimits } from './DecodeLimits.js';
import type { DecodeOptions } from './DecodeOptions.js';
import { resolveDecodeOptions } from './DecodeOptions.js';
import { parseMessage } from './parseMessage.js';

/**
 * CPython's `xmlrpc.client.loads`: decodes a call, a response or a bare
 * `<params>` into `[params, methodName]`, with `methodName` `null` unless it is
 * a call. Dates and binaries come back as Spindle's types (`Date`, or
 * {@link XmlRpcDateTime} with `dateTimes: 'naive'`; `Buffer`).
 *
 * @throws Fault for a fault response, like CPython.
 */
export function loads(
  input: Buffer | Uint8Array | string,
  limits?: Partial<DecodeLimits>,
  decoding?: DecodeOptions,
): [unknown[], string | null] {
  const message = parseMessage(input, resolveLimits(limits), resolveDecodeOptions(decoding));
  switch (message.kind) {
    case 'fault':
      throw message.fault;
    case 'call':
      return [message.params, message.method];
    case 'response':
    case 'params':
      return [message.params, null];
  }
}
