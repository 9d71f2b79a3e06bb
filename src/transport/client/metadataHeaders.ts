import { SpindleError } from '../../common/index.js';
import { HEADER_NAME, INVALID_HEADER_VALUE } from './httpEndpoint.js';

/**
 * Headers call metadata may not set: they frame the request, carry
 * credentials, or are written by the client itself for every call.
 */
const RESERVED: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'content-type',
  'content-encoding',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'accept-encoding',
  'authorization',
  'proxy-authorization',
  'x-request-id',
  'spindle-timeout',
]);

/**
 * A call's metadata (`CallOptions.metadata`) as request header lines, each
 * ending in CRLF. Names must be HTTP tokens and not reserved; values must not
 * hold control characters (no header injection). Otherwise the
 * `SPINDLE_INVALID_ARGUMENT` error naming the entry, for the call to reject with: nothing is sent.
 */
export function metadataHeaders(metadata: Readonly<Record<string, string>>): string | SpindleError {
  let lines = '';
  for (const [name, value] of Object.entries(metadata)) {
    if (!HEADER_NAME.test(name)) {
      return new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `metadata: ${JSON.stringify(name)} is not a header name`,
      );
    }
    if (RESERVED.has(name.toLowerCase())) {
      return new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `metadata: '${name}' is written by the client itself and cannot be set per call`,
      );
    }
    if (typeof value !== 'string' || INVALID_HEADER_VALUE.test(value)) {
      return new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `metadata: the value of '${name}' must be text without control characters`,
      );
    }
    lines += `${name}: ${value}\r\n`;
  }
  return lines;
}
