import { Buffer } from 'node:buffer';

import { parseDateTime, partsToDate } from './parseDateTime.js';
import { XmlRpcDateTime } from './XmlRpcDateTime.js';
import { isWhitespace } from './xmlText.js';

/** Why a scalar's text is not a value of its type; the parser adds the path. */
export class ScalarError extends Error {}

const DOUBLE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^[+-]?\d+$/;
const BASE64 = /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SPACES = /[\t\n\r ]+/g;
const HAS_SPACE = /[\t\n\r ]/;

function trimmed(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first === 32 || first === 9 || first === 10 || last === 32 || last === 9 || last === 10
    ? text.trim()
    : text;
}

function bad(type: string, text: string): never {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  throw new ScalarError(`<${type}> holds ${JSON.stringify(shown)}, which is not a valid ${type}`);
}

/** A decimal integer within `min..max`; surrounding white space is tolerated. */
export function parseIntText(type: string, raw: string, min: number, max: number): number {
  const text = trimmed(raw);
  const length = text.length;
  let i = 0;
  let negative = false;
  const sign = text.charCodeAt(0);
  if (sign === 45 || sign === 43) {
    negative = sign === 45;
    i = 1;
  }
  if (i === length || length - i > 12) {
    // Long digit strings (leading zeros) take the slow but exact road.
    if (i < length && INTEGER.test(text)) {
      const big = BigInt(text);
      if (big >= BigInt(min) && big <= BigInt(max)) return Number(big);
      throw new ScalarError(`<${type}> ${text} is out of range ${min}..${max}`);
    }
    bad(type, raw);
  }
  let n = 0;
  for (; i < length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) bad(type, raw);
    n = n * 10 + d;
  }
  if (negative) n = -n;
  if (n < min || n > max) throw new ScalarError(`<${type}> ${text} is out of range ${min}..${max}`);
  return n === 0 ? 0 : n;
}

/** A 64-bit (or, for `biginteger`, unbounded) integer: a number when safe, else a bigint. */
export function parseBigIntText(type: string, raw: string, bounded: boolean): number | bigint {
  const text = trimmed(raw);
  if (!INTEGER.test(text)) bad(type, raw);
  const big = BigInt(text);
  if (bounded && (big < -(2n ** 63n) || big > 2n ** 63n - 1n)) {
    throw new ScalarError(`<${type}> ${text} is out of the 64-bit range`);
  }
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** A finite double; the exponent form is accepted on input, NaN and infinities are not. */
export function parseDoubleText(type: string, raw: string): number {
  const text = trimmed(raw);
  if (!DOUBLE.test(text)) bad(type, raw);
  const n = Number(text);
  if (!Number.isFinite(n)) throw new ScalarError(`<${type}> ${text} is out of the double range`);
  return n;
}

export function parseBooleanText(raw: string): boolean {
  const text = trimmed(raw);
  if (text === '1') return true;
  if (text === '0') return false;
  return bad('boolean', raw);
}

/**
 * A `Date` (a text without a zone read as UTC); with `naive`, a text without a
 * zone is an {@link XmlRpcDateTime} instead. A zone offset that moves the
 * instant out of the UTC years 0000..9999 is refused: the wire form has
 * 4-digit years, so such a `Date` could not be written back (an echo would fail).
 */
export function parseDateTimeText(type: string, raw: string, naive: boolean): Date | XmlRpcDateTime {
  const text = trimmed(raw);
  const parts = parseDateTime(text);
  if (parts === undefined) bad(type, raw);
  if (naive && parts.offsetMinutes === null) return new XmlRpcDateTime(text);
  const date = partsToDate(parts);
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    throw new ScalarError(
      `<${type}> holds ${JSON.stringify(shown)}, which is not a valid ${type}: in UTC it falls in year ${String(year)}, outside the years 0000..9999 the wire form can carry`,
    );
  }
  return date;
}

/** Base64 with line breaks and spaces anywhere; any other character or bad padding is refused. */
export function parseBase64Text(raw: string): Buffer {
  const text = HAS_SPACE.test(raw) ? raw.replace(SPACES, '') : raw;
  if (text.length % 4 === 1 || !BASE64.test(text) || (text.length % 4 !== 0 && text.includes('='))) {
    bad('base64', raw);
  }
  return Buffer.from(text, 'base64');
}

/** `<nil/>` must be empty. */
export function parseNilText(type: string, raw: string): null {
  if (!isWhitespace(raw)) bad(type, raw);
  return null;
}

function localName(tag: string): string {
  const colon = tag.indexOf(':');
  return colon === -1 ? tag : tag.slice(colon + 1);
}

/**
 * The typed value of a scalar element `<tag>` holding `text`; a `ScalarError`
 * says why it is not one. `naiveDates`: see `DecodeOptions.dateTimes`.
 */
export function parseScalar(tag: string, text: string, naiveDates: boolean): unknown {
  switch (tag) {
    case 'string':
      return text;
    case 'int':
    case 'i4':
      return parseIntText(tag, text, -2147483648, 2147483647);
    case 'double':
      return parseDoubleText(tag, text);
    case 'boolean':
      return parseBooleanText(text);
    case 'dateTime.iso8601':
      return parseDateTimeText(tag, text, naiveDates);
    case 'base64':
      return parseBase64Text(text);
    case 'i8':
      return parseBigIntText(tag, text, true);
    case 'nil':
      return parseNilText(tag, text);
    default:
      return parseExtensionScalar(tag, text, naiveDates);
  }
}

/** Apache's `ex:` types, matched by local name whatever the prefix. */
function parseExtensionScalar(tag: string, text: string, naiveDates: boolean): unknown {
  const local = localName(tag);
  switch (local) {
    case 'i1':
      return parseIntText(tag, text, -128, 127);
    case 'i2':
      return parseIntText(tag, text, -32768, 32767);
    case 'int':
    case 'i4':
      return parseIntText(tag, text, -2147483648, 2147483647);
    case 'i8':
      return parseBigIntText(tag, text, true);
    case 'biginteger':
      return parseBigIntText(tag, text, false);
    case 'float':
    case 'double':
    case 'bigdecimal':
      return parseDoubleText(tag, text);
    case 'nil':
      return parseNilText(tag, text);
    case 'dateTime':
    case 'dateTime.iso8601':
      return parseDateTimeText(tag, text, naiveDates);
    case 'string':
      return text;
    case 'boolean':
      return parseBooleanText(text);
    case 'base64':
      return parseBase64Text(text);
    case 'serializable':
    case 'dom':
      throw new ScalarError(`<${tag}> is never decoded (it would deserialize objects)`);
    default:
      throw new ScalarError(`unknown type <${tag}>`);
  }
}
