import type { Buffer } from 'node:buffer';

import type { EncodeOptions } from './EncodeOptions.js';
import { ValueWriter } from './ValueWriter.js';

/**
 * Encodes one value as its `<value>` element alone, as UTF-8 bytes: the piece
 * a message is made of. A server writes each `system.multicall` result this
 * way as soon as it is known, so it holds bytes (counted against its response
 * limit) rather than every entry's value until the end.
 *
 * @param root how the value's path starts in error messages, e.g. `result[3]`
 * @throws CodecError `SPINDLE_CODEC_UNENCODABLE` naming the value's path;
 *   `SPINDLE_CODEC_LIMIT_EXCEEDED` past `options.maxBytes`.
 */
export function encodeValue(value: unknown, options?: EncodeOptions, root = 'value'): Buffer {
  const writer = ValueWriter.acquire(true, options);
  try {
    writer.limitTo(options?.maxBytes);
    writer.write(value, root);
    return writer.toBuffer();
  } finally {
    writer.release();
  }
}
