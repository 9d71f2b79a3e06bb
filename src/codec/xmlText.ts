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

/** XML white space: space, line feed, tab, carriage return. */
export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** Whether code unit `c` may start an XML name (non-ASCII is let through; XML-RPC names are ASCII). */
export function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c >= 0xc0;
}

/** Whether code unit `c` may continue an XML name. */
export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 0xb7;
}

/** Whether code point `cp` is a character XML 1.0 allows. */
export function isXmlChar(cp: number): boolean {
  return (
    cp === 9 ||
    cp === 10 ||
    cp === 13 ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** True when `text` is empty or only XML white space. */
export function isWhitespace(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** `text` with its line ends normalised to `\n`, as XML requires of a reader. */
export function normaliseLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
