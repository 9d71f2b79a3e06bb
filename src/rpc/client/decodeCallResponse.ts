import type { DecodeLimits, DecodeOptions } from '../../codec/index.js';
import { decodeResponse, Fault } from '../../codec/index.js';
import { TransportError } from '../TransportError.js';

/** How much of an undecodable response a bad-response error quotes. */
const SNIPPET_BYTES = 200;

/**
 * The result in an XML-RPC response body that came back from `description`,
 * or its `Fault` thrown. Anything else is a `SPINDLE_CLIENT_BAD_RESPONSE`
 * with outcome `unknown` (the server answered, so the call may have run),
 * quoting the start of the body. Every client transport reads its answers
 * through this, so they fail alike.
 */
export function decodeCallResponse(
  response: Buffer,
  description: string,
  limits?: Partial<DecodeLimits>,
  decoding?: DecodeOptions,
): unknown {
  try {
    return decodeResponse(response, limits, decoding);
  } catch (error) {
    if (error instanceof Fault) throw error;
    const snippet = JSON.stringify(response.subarray(0, SNIPPET_BYTES).toString('utf8'));
    const reason = error instanceof Error ? error.message : String(error);
    throw new TransportError(
      'SPINDLE_CLIENT_BAD_RESPONSE',
      `${description}: not a valid XML-RPC response (${reason}); it starts ${snippet}`,
      'unknown',
      description,
      { cause: error },
    );
  }
}
