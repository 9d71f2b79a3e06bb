/**
 * Markup that is legal XML but carries nothing XML-RPC needs (comments,
 * processing instructions, attributes): its syntax and characters are checked,
 * then the scanner's cursor moves past it.
 */
import type { XmlScanner } from './XmlScanner.js';
import { isNameChar, isNameStart, isSpace } from './xmlText.js';

const GT = 62; // >
const SLASH = 47; // /
const EQUALS = 61; // =

/** Skips the comment starting at the cursor (`<!--`). */
export function skipComment(sc: XmlScanner): void {
  const end = sc.s.indexOf('-->', sc.pos + 4);
  if (end === -1) sc.malformed('unterminated comment');
  const dashes = sc.s.indexOf('--', sc.pos + 4);
  if (dashes < end) sc.malformed('"--" inside a comment', dashes);
  sc.checkChars(sc.s.slice(sc.pos + 4, end), sc.pos + 4);
  sc.pos = end + 3;
}

/** Skips the processing instruction starting at the cursor (`<?`); the XML declaration is not one. */
export function skipPi(sc: XmlScanner): void {
  const start = sc.pos;
  const end = sc.s.indexOf('?>', start + 2);
  if (end === -1) sc.malformed('unterminated processing instruction');
  const target = /^[^\s?]*/.exec(sc.s.slice(start + 2, end))?.[0] ?? '';
  if (target.length === 0) sc.malformed('processing instruction without a target');
  if (target.toLowerCase() === 'xml') sc.malformed('an XML declaration is only allowed at the very start');
  sc.checkChars(sc.s.slice(start, end), start);
  sc.pos = end + 2;
}

/**
 * Skips the attributes of a start tag whose name was read, through its `>` or
 * `/>` (setting `sc.empty`).
 */
export function skipAttributes(sc: XmlScanner): void {
  const s = sc.s;
  let i = sc.pos;
  for (;;) {
    const before = i;
    let c = s.charCodeAt(i);
    while (isSpace(c)) c = s.charCodeAt(++i);
    if (c === GT) {
      sc.pos = i + 1;
      sc.empty = false;
      return;
    }
    if (c === SLASH && s.charCodeAt(i + 1) === GT) {
      sc.pos = i + 2;
      sc.empty = true;
      return;
    }
    if (i === before || !isNameStart(c)) sc.malformed('malformed tag', i);
    do c = s.charCodeAt(++i);
    while (isNameChar(c));
    while (isSpace(c)) c = s.charCodeAt(++i);
    if (c !== EQUALS) sc.malformed('attribute without a value', i);
    c = s.charCodeAt(++i);
    while (isSpace(c)) c = s.charCodeAt(++i);
    if (c !== 34 && c !== 39) sc.malformed('attribute value without quotes', i);
    const end = s.indexOf(c === 34 ? '"' : "'", i + 1);
    if (end === -1) sc.malformed('unterminated attribute value', i);
    const value = s.slice(i + 1, end);
    if (value.includes('<')) sc.malformed('"<" inside an attribute value', i);
    sc.checkChars(value, i + 1);
    if (value.includes('&')) sc.decodeEntities(value, i + 1);
    i = end + 1;
  }
}
