import type { Buffer } from 'node:buffer';

import { tagOf } from './ByteSink.js';
import { CodecError } from './CodecError.js';
import type { EncodeOptions } from './EncodeOptions.js';
import { ValueWriter } from './ValueWriter.js';

const CALL = tagOf('<?xml version="1.0"?><methodCall><methodName>');
const END_NAME = tagOf('</methodName><params>');
const PARAM = tagOf('<param>');
const END_PARAM = tagOf('</param>');
const END_CALL = tagOf('</params></methodCall>');

/** The parameters without trailing `undefined`s: an absent optional argument is not sent. */
export function trimTrailingUndefined(params: readonly unknown[]): readonly unknown[] {
  let end = params.length;
  while (end > 0 && params[end - 1] === undefined) end--;
  return end === params.length ? params : params.slice(0, end);
}

/** One `<param>` per parameter, trailing `undefined`s left out; shared with `dumps`. */
export function writeParams(writer: ValueWriter, params: readonly unknown[]): void {
  const sent = trimTrailingUndefined(params);
  for (let i = 0; i < sent.length; i++) {
    writer.tag(PARAM);
    writer.write(sent[i], `params[${i}]`);
    writer.tag(END_PARAM);
  }
}

/** Writes the `<methodCall>` into `writer`; shared by {@link encodeCall} and `dumps`. */
export function writeCall(writer: ValueWriter, method: string, params: readonly unknown[]): void {
  if (typeof method !== 'string' || method.length === 0) {
    throw new CodecError('SPINDLE_CODEC_UNENCODABLE', 'the method name must be a non-empty string');
  }
  writer.tag(CALL);
  writer.escaped(method, 'the method name');
  writer.tag(END_NAME);
  writeParams(writer, params);
  writer.tag(END_CALL);
}

/**
 * Encodes a call as UTF-8 bytes: `<methodCall>` with `method` and one `<param>`
 * per parameter. Trailing `undefined` parameters are left out (absent optional
 * arguments, so the method's defaults apply); any other `undefined` goes out
 * as nil that Spindle reads back as `undefined`.
 *
 * @throws CodecError `SPINDLE_CODEC_UNENCODABLE` naming the value's path, e.g. `params[2].name`
 *   (and, with `strictSpec`, for values that need `<i8>` or nil).
 */
export function encodeCall(method: string, params: readonly unknown[], options?: EncodeOptions): Buffer {
  const writer = ValueWriter.acquire(true, options);
  try {
    writeCall(writer, method, params);
    return writer.toBuffer();
  } finally {
    writer.release();
  }
}
