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

/**
 * One `<param>` per parameter, exactly the arguments given (a trailing
 * `undefined` included: `f(1, undefined)` sends two, as a local call passes
 * two); shared with `dumps`.
 */
export function writeParams(writer: ValueWriter, params: readonly unknown[]): void {
  for (let i = 0; i < params.length; i++) {
    writer.tag(PARAM);
    writer.write(params[i], `params[${i}]`);
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
 * per parameter given. An `undefined` parameter, the last one included, goes
 * out as nil that Spindle reads back as `undefined` (so a default parameter
 * still applies, as in a local call); `f(1)` sends one parameter, `f(1, undefined)` two.
 *
 * @throws CodecError `SPINDLE_CODEC_UNENCODABLE` naming the value's path, e.g. `params[2].name`
 *   (and, with `strictSpec`, for values that need `<i8>` or nil).
 */
export function encodeCall(method: string, params: readonly unknown[], options?: EncodeOptions): Buffer {
  const writer = ValueWriter.acquire(true, options);
  try {
    writer.limitTo(options?.maxBytes);
    writeCall(writer, method, params);
    return writer.toBuffer();
  } finally {
    writer.release();
  }
}
