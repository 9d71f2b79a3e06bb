import type { Buffer } from 'node:buffer';

import { tagOf } from './ByteSink.js';
import type { EncodeOptions } from './EncodeOptions.js';
import { ValueWriter } from './ValueWriter.js';

const RESPONSE = tagOf('<?xml version="1.0"?><methodResponse><params><param>');
const END_RESPONSE = tagOf('</param></params></methodResponse>');

/** Writes the `<methodResponse>` of a successful result into `writer`; shared with `dumps`. */
export function writeResponse(writer: ValueWriter, value: unknown): void {
  writer.tag(RESPONSE);
  writer.write(value, 'result');
  writer.tag(END_RESPONSE);
}

/**
 * Encodes a successful response carrying `value` as UTF-8 bytes.
 *
 * @throws CodecError `SPINDLE_CODEC_UNENCODABLE` naming the value's path, e.g. `result.items[3]`
 *   (NaN, a function, a Set or Promise, a forbidden character, a cycle; with `strictSpec`,
 *   a value that needs `<i8>` or nil); `SPINDLE_CODEC_LIMIT_EXCEEDED` past `options.maxBytes`.
 *   An `undefined` value (a void method) is nil.
 */
export function encodeResponse(value: unknown, options?: EncodeOptions): Buffer {
  const writer = ValueWriter.acquire(true, options);
  try {
    writer.limitTo(options?.maxBytes);
    writeResponse(writer, value);
    return writer.toBuffer();
  } finally {
    writer.release();
  }
}
