import { Buffer } from 'node:buffer';

import { CodecError } from './CodecError.js';
import { ValueWriter } from './ValueWriter.js';
import { describeForbidden, escapeText } from './xmlText.js';

/** The parameters without trailing `undefined`s: an absent optional argument is not sent. */
export function trimTrailingUndefined(params: readonly unknown[]): readonly unknown[] {
  let end = params.length;
  while (end > 0 && params[end - 1] === undefined) end--;
  return end === params.length ? params : params.slice(0, end);
}

/** The `<methodCall>` text, shared by {@link encodeCall} and `dumps`. */
export function writeCall(method: string, params: readonly unknown[], allowNone: boolean): string {
  if (typeof method !== 'string' || method.length === 0) {
    throw new CodecError('SPINDLE_CODEC_UNENCODABLE', 'the method name must be a non-empty string');
  }
  const name = escapeText(method);
  if (name === undefined) {
    throw new CodecError('SPINDLE_CODEC_UNENCODABLE', `the method name has a ${describeForbidden(method)}`);
  }
  const writer = new ValueWriter(allowNone);
  writer.out = `<?xml version="1.0"?><methodCall><methodName>${name}</methodName><params>`;
  const sent = trimTrailingUndefined(params);
  for (let i = 0; i < sent.length; i++) {
    writer.out += '<param>';
    writer.write(sent[i], `params[${i}]`);
    writer.out += '</param>';
  }
  writer.out += '</params></methodCall>';
  return writer.out;
}

/**
 * Encodes a call as UTF-8 bytes: `<methodCall>` with `method` and one `<param>`
 * per parameter. Trailing `undefined` parameters are left out (absent optional
 * arguments); any other `undefined` is an error.
 *
 * @throws CodecError `SPINDLE_CODEC_UNENCODABLE` naming the value's path, e.g. `params[2].name`.
 */
export function encodeCall(method: string, params: readonly unknown[]): Buffer {
  return Buffer.from(writeCall(method, params, true), 'utf8');
}
