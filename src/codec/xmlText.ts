/**
 * Character-level rules of XML 1.0 text, shared by the writer and the reader.
 */

/** Anything a string may hold that needs more than a copy: escapes, forbidden or surrogate characters. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const NEEDS_WORK = /[\0-\x08\x0B-\x1F&<>\uD800-\uDFFF\uFFFE\uFFFF]/;
/** Characters XML 1.0 does not allow anywhere, even as a character reference. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const FORBIDDEN_CHAR = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;
/** A surrogate that is not half of a pair (the `u` flag makes pairs one code point). */
export const LONE_SURROGATE = /\p{Cs}/u;
const ESCAPED = /[&<>\r]/g;

function escapeChar(c: string): string {
  switch (c) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    default:
      // '\r' is written as a reference, or XML end-of-line handling turns it into '\n'.
      return '&#13;';
  }
}

/**
 * `text` escaped for element content, or `undefined` when it holds a character
 * XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE/U+FFFF; lone surrogates).
 */
export function escapeText(text: string): string | undefined {
  if (!NEEDS_WORK.test(text)) return text;
  if (FORBIDDEN_CHAR.test(text) || LONE_SURROGATE.test(text)) return undefined;
  return text.replace(ESCAPED, escapeChar);
}

/** The index of the first forbidden character (or lone surrogate) of `text`, or −1. */
export function indexOfForbidden(text: string): number {
  const m = FORBIDDEN_CHAR.exec(text) ?? LONE_SURROGATE.exec(text);
  return m === null ? -1 : m.index;
}

/** The first forbidden character of `text`, described for a message; with its index unless `withIndex` is false. */
export function describeForbidden(text: string, withIndex = true): string {
  const index = indexOfForbidden(text);
  if (index === -1) return 'no forbidden character';
  const code = text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
  return `character U+${code}${withIndex ? ` at index ${index}` : ''}, which XML 1.0 forbids`;
}
