import { readFileSync } from 'node:fs';

import { SpindleError } from '../../common/index.js';

/** A PEM text, a `Buffer` holding PEM, or the path of a PEM file. */
export type PemSource = string | Buffer;

/**
 * Resolves PEM material given either inline or as a file path, once, when the
 * client is built (so a wrong path fails at start-up, not on the first call).
 */
export function loadPem(source: PemSource, option: string): string | Buffer {
  if (Buffer.isBuffer(source) || source.includes('-----BEGIN')) return source;
  try {
    return readFileSync(source);
  } catch (error) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `tls.${option}: '${source}' is neither PEM text nor a readable file`,
      { cause: error },
    );
  }
}
