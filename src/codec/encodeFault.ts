import { Buffer } from 'node:buffer';

import { CodecError } from './CodecError.js';
import { FORBIDDEN_CHAR, escapeText } from './xmlText.js';

const FORBIDDEN_GLOBAL = new RegExp(FORBIDDEN_CHAR.source, 'g');
const LONE_SURROGATE_GLOBAL = /\p{Cs}/gu;

/** The `<methodResponse><fault>` text, shared with `dumps`. */
export function writeFault(code: number, message: string): string {
  if (!Number.isInteger(code) || code < -2147483648 || code > 2147483647) {
    throw new CodecError(
      'SPINDLE_CODEC_UNENCODABLE',
      `a fault code must be a 32-bit integer, got ${String(code)}`,
    );
  }
  // A fault is the error path itself: rather than fail again, characters XML
  // cannot carry become U+FFFD.
  const text =
    escapeText(message) ??
    escapeText(message.replace(FORBIDDEN_GLOBAL, '\uFFFD').replace(LONE_SURROGATE_GLOBAL, '\uFFFD'));
  return (
    '<?xml version="1.0"?><methodResponse><fault><value><struct>' +
    `<member><name>faultCode</name><value><int>${code}</int></value></member>` +
    `<member><name>faultString</name><value><string>${text}</string></value></member>` +
    '</struct></value></fault></methodResponse>'
  );
}

/**
 * Encodes a fault response as UTF-8 bytes: a struct of `faultCode` (`<int>`)
 * and `faultString`. Characters XML 1.0 forbids in `message` are replaced by
 * U+FFFD, so answering with a fault never fails for the message's sake.
 *
 * @throws CodecError `SPINDLE_CODEC_UNENCODABLE` when `code` is not a 32-bit integer.
 */
export function encodeFault(code: number, message: string): Buffer {
  return Buffer.from(writeFault(code, message), 'utf8');
}
