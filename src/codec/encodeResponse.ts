import { Buffer } from 'node:buffer';

import { ValueWriter } from './ValueWriter.js';

/** The `<methodResponse>` text of a successful result, shared with `dumps`. */
export function writeResponse(value: unknown, allowNone: boolean): string {
  const writer = new ValueWriter(allowNone);
  writer.out = '<?xml version="1.0"?><methodResponse><params><param>';
  writer.write(value, 'result');
  writer.out += '</param></params></methodResponse>';
  return writer.out;
}

/**
 * Encodes a successful response carrying `value` as UTF-8 bytes.
 *
 * @throws CodecError `SPINDLE_CODEC_UNENCODABLE` naming the value's path, e.g. `result.items[3]`
 *   (`undefined`, NaN, a function, a class instance, a forbidden character, a cycle).
 */
export function encodeResponse(value: unknown): Buffer {
  return Buffer.from(writeResponse(value, true), 'utf8');
}
