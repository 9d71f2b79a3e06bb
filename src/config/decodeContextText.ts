import { isUtf8 } from 'node:buffer';

import type { SourceLocation } from '../definitions/index.js';

import { TextPositions } from './TextPositions.js';

/** A context file's text, or where and why its bytes are not acceptable text. */
export type DecodedText =
  { readonly text: string } | { readonly error: string; readonly location: SourceLocation };

/**
 * Characters neither format allows: C0 controls but tab, LF and CR, and the
 * non-characters U+FFFE and U+FFFF (XML 1.0's `Char`, YAML 1.2's
 * `c-printable`). YAML also excludes DEL and the C1 controls but NEL.
 */
/* eslint-disable no-control-regex -- finding control characters is the point */
const forbidden = {
  xml: /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/u,
  yaml: /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFE\uFFFF]/u,
} as const;
/* eslint-enable no-control-regex */

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a context file's bytes as UTF-8 (a leading byte-order mark is
 * dropped) and refuses what the format forbids: invalid UTF-8 and control
 * characters, each at its line and column. An object id or a value can then
 * never hold a NUL, and no byte is silently turned into U+FFFD.
 */
export function decodeContextText(bytes: Buffer, file: string, format: 'xml' | 'yaml'): DecodedText {
  const label = format === 'xml' ? 'XML' : 'YAML';
  if (!isUtf8(bytes)) {
    const offset = firstInvalidUtf8(bytes);
    const before = utf8.decode(bytes.subarray(0, offset));
    const byte = bytes[offset] ?? 0;
    return {
      error: `not well-formed ${label}: byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} is not valid UTF-8 (context files are UTF-8)`,
      location: new TextPositions(before, file).at(before.length),
    };
  }
  const text = utf8.decode(bytes);
  const found = forbidden[format].exec(text);
  if (found !== null) {
    const code = (found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return {
      error: `not well-formed ${label}: character U+${code} is not allowed in a context file (control characters other than tab, LF and CR are refused)`,
      location: new TextPositions(text, file).at(found.index),
    };
  }
  return { text };
}

/** Offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const extra =
      lead >= 0xc2 && lead <= 0xdf
        ? 1
        : lead >= 0xe0 && lead <= 0xef
          ? 2
          : lead >= 0xf0 && lead <= 0xf4
            ? 3
            : 0;
    if (extra === 0) return i;
    for (let k = 1; k <= extra; k += 1) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    const second = bytes[i + 1] ?? 0;
    if ((lead === 0xe0 && second < 0xa0) || (lead === 0xed && second > 0x9f)) return i;
    if ((lead === 0xf0 && second < 0x90) || (lead === 0xf4 && second > 0x8f)) return i;
    i += extra + 1;
  }
  return bytes.length;
}
