import { Buffer, isAscii, isUtf8 } from 'node:buffer';

import { CodecError } from './CodecError.js';
import type { DecodeLimits } from './DecodeLimits.js';
import { LONE_SURROGATE, describeForbidden, indexOfForbidden } from './xmlText.js';

const UTF8_NAMES = new Set(['utf-8', 'utf8', 'us-ascii', 'ascii']);
const LATIN1_NAMES = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'iso_8859-1', 'cp819']);
const ENCODING_DECL = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']/;

type Charset = 'utf8' | 'latin1';

const QUESTION_GT = Buffer.from('?>', 'latin1');
const XML_DECL = Buffer.from('<?xml', 'latin1');

const LT = 0x3c; // <
const QUESTION = 0x3f; // ?
/** `<?xml version="1.0"?>` as bytes; the quotes (at 14 and 18) may also be `'`. */
const PLAIN_DECL = Buffer.from('<?xml version="1.0"?>', 'latin1');
const SQUOTE = 0x27;

/** Whether `<?xml version="1.0"?>` (or with single quotes) starts at `start`: it names no charset. */
function isPlainDeclaration(bytes: Buffer, start: number): boolean {
  if (bytes.length < start + PLAIN_DECL.length) return false;
  for (let i = 0; i < PLAIN_DECL.length; i++) {
    const b = bytes[start + i];
    if (b !== PLAIN_DECL[i] && !((i === 14 || i === 18) && b === SQUOTE)) return false;
  }
  return bytes[start + 14] === bytes[start + 18];
}

function hasDeclaration(bytes: Buffer, start: number): boolean {
  return bytes.length >= start + 6 && bytes.compare(XML_DECL, 0, 5, start, start + 5) === 0;
}

function charsetOf(head: string): Charset {
  const m = ENCODING_DECL.exec(head);
  if (m === null) return 'utf8';
  const name = (m[1] ?? '').toLowerCase();
  if (UTF8_NAMES.has(name)) return 'utf8';
  if (LATIN1_NAMES.has(name)) return 'latin1';
  throw new CodecError(
    'SPINDLE_CODEC_UNSUPPORTED_ENCODING',
    `the document declares encoding ${JSON.stringify(m[1])}; only UTF-8 and ISO-8859-1 are read`,
  );
}

function tooBig(size: number, limits: DecodeLimits): never {
  throw new CodecError(
    'SPINDLE_CODEC_LIMIT_EXCEEDED',
    `the message has ${size} bytes, more than maxBytes (${limits.maxBytes})`,
  );
}

function checkSurrogates(text: string): void {
  if (LONE_SURROGATE.test(text)) {
    throw new CodecError(
      'SPINDLE_CODEC_INVALID_CHARACTER',
      `the document holds a ${describeForbidden(text, false)} (character ${indexOfForbidden(text)})`,
    );
  }
}

/**
 * The document as text: bytes are checked against `maxBytes`, their declared
 * encoding (UTF-8 unless ISO-8859-1 is declared) and validity, and decoded
 * once. Characters XML 1.0 forbids are refused by the scanner, which looks at
 * every character anyway.
 */
export function decodeInput(input: Buffer | Uint8Array | string, limits: DecodeLimits): string {
  if (typeof input === 'string') {
    if (input.length > limits.maxBytes) tooBig(input.length, limits);
    if (input.length * 3 > limits.maxBytes) {
      const size = Buffer.byteLength(input, 'utf8');
      if (size > limits.maxBytes) tooBig(size, limits);
    }
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    charsetOf(text.slice(0, 200));
    checkSurrogates(text);
    return text;
  }
  if (!(input instanceof Uint8Array)) {
    throw new CodecError('SPINDLE_CODEC_NOT_WELL_FORMED', 'a message must be a Buffer, Uint8Array or string');
  }
  if (input.byteLength > limits.maxBytes) tooBig(input.byteLength, limits);
  const bytes = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    throw new CodecError(
      'SPINDLE_CODEC_UNSUPPORTED_ENCODING',
      'the document is UTF-16; only UTF-8 and ISO-8859-1 are read',
    );
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // Only a declaration can name another charset; most documents have none or the
  // bare one Spindle and CPython write, told apart here byte by byte (no string built).
  let charset: Charset = 'utf8';
  if (bytes[start] === LT && bytes[start + 1] === QUESTION && !isPlainDeclaration(bytes, start)) {
    const declEnd = hasDeclaration(bytes, start) ? bytes.indexOf(QUESTION_GT, start) : start;
    if (declEnd !== start) {
      charset = charsetOf(bytes.toString('latin1', start, declEnd === -1 ? start + 200 : declEnd + 2));
    }
  }
  let text: string;
  if (isAscii(bytes)) {
    // The common case, and by far the fastest decoder; ASCII reads the same in every accepted charset.
    text = bytes.toString('ascii', start);
  } else if (charset === 'latin1') {
    text = bytes.toString('latin1', start);
  } else {
    if (!isUtf8(bytes)) {
      throw new CodecError(
        'SPINDLE_CODEC_INVALID_CHARACTER',
        `the document is not valid UTF-8 (first bad byte at offset ${firstBadUtf8(bytes)})`,
      );
    }
    text = bytes.toString('utf8', start);
  }
  return text;
}

/** The offset of the first byte that breaks UTF-8; only computed for the error message. */
function firstBadUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const width =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (width === 0) return i;
    if (width > 1 && !isUtf8(bytes.subarray(i, i + width))) return i;
    i += width;
  }
  return i;
}
