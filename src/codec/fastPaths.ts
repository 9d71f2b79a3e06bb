// Fast paths: one sticky regex matches a whole member or array item with a
// scalar (or untyped) value written the plain way, the shape nearly every
// writer sends. Irregexp scans it natively, far faster than a JavaScript loop
// per character. The text classes leave out what would need more work (`\r`)
// or be an error (`<`, `>` as in `]]>`, forbidden characters); values may hold
// references (`&amp;`), decoded afterwards, names may not. Anything the
// regexes do not match takes the general path, which handles all of XML.
const PLAIN = String.raw`[^<&>\r\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]*`;
const TEXT = String.raw`[^<>\r\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]*`;
/** The types the fast paths read, each closed by its own name (no backreference: matching is faster without captures). */
const TYPED = String.raw`(?:<(?:string>${TEXT}<\/string|int>${TEXT}<\/int|i4>${TEXT}<\/i4|double>${TEXT}<\/double|boolean>${TEXT}<\/boolean|i8>${TEXT}<\/i8)>|${TEXT})<\/value>`;
/**
 * A whole member with a plain scalar value, or (ending after `<value>`, where
 * `<struct>` or `<array>` follows) the start of a member with a container value.
 */
export const FAST_MEMBER = new RegExp(
  String.raw`<member><name>${PLAIN}<\/name><value>(?:${TYPED}<\/member>|(?=<(?:struct|array)>))`,
  'y',
);
/**
 * After a member's `<value>`: an array whose items all have plain scalar
 * values (a record's tags or ids), through the member's `</value>`. Bounded
 * like the records around it.
 */
const PLAIN_ARRAY = String.raw`<array><data>(?:<value>${TYPED}){0,64}<\/data><\/array><\/value>`;
/** A whole member with a plain scalar value, or an array of them. */
const PLAIN_MEMBER = String.raw`<member><name>${PLAIN}<\/name><value>(?:${TYPED}|${PLAIN_ARRAY})<\/member>`;
/**
 * A whole `<value><struct>…</struct></value>` array item whose members all
 * have plain scalar values or arrays of them: one native match checks a
 * whole record of the usual large result. Bounded, so a huge struct cannot
 * grow the regex engine's backtracking stack; a longer one takes the
 * member-by-member path.
 */
export const FAST_STRUCT_ITEM = new RegExp(
  String.raw`<value><struct>(?:${PLAIN_MEMBER}){0,64}<\/struct><\/value>`,
  'y',
);
/** {@link PLAIN_ARRAY} at the cursor: a member's array value whose items are all plain scalars. */
export const FAST_PLAIN_ARRAY = new RegExp(PLAIN_ARRAY, 'y');
/** A whole `<value>…</value>` array item with a plain scalar value. */
export const FAST_ITEM = new RegExp(`<value>${TYPED}`, 'y');
/** A whole `<param><value>…</value></param>` with a plain scalar value. */
export const FAST_PARAM = new RegExp(`<param><value>${TYPED}</param>`, 'y');
/** `s.charCodeAt(end - 2)` after a {@link FAST_MEMBER} match: `r` of `</member>` when it matched a whole member. */
export const R = 114;

/**
 * The length of the type name of the start tag at `at`, one of those the fast
 * paths allow (string, int, i4, double, boolean, i8): the first letters tell.
 */
export function typeTagLength(s: string, at: number): number {
  const first = s.charCodeAt(at + 1);
  return first === 105 ? (s.charCodeAt(at + 3) === 62 ? 2 : 3) : first === 98 ? 7 : 6;
}

/**
 * Where the `</value>` closing a plain scalar value that starts at `start`
 * (just after `<value>`) begins; a fast path matched it, so only untyped
 * text, an empty value or one typed element can be there.
 */
export function plainValueEnd(s: string, start: number): number {
  if (s.charCodeAt(start) !== 60) return s.indexOf('<', start); // untyped text
  if (s.charCodeAt(start + 1) === 47) return start; // empty untyped text
  return s.indexOf('<', start + 1) + typeTagLength(s, start) + 3; // past the type's end tag
}

/** A strict decimal int within 32 bits between `from` and `to`, or NaN (then the general reader words the error). */
export function intAt(s: string, from: number, to: number): number {
  let i = from;
  const sign = s.charCodeAt(i);
  if (sign === 45 || sign === 43) i++;
  if (i === to || to - i > 10) return NaN;
  let n = 0;
  for (; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  if (sign === 45) n = -n;
  return n >= -2147483648 && n <= 2147483647 ? n + 0 : NaN;
}

/** A finite double in decimal notation between `from` and `to`, or NaN. */
export function doubleAt(s: string, from: number, to: number): number {
  if (from === to) return NaN;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    // digits . + - e E: every string of these that Number() reads is a valid XML-RPC double.
    if (!((c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69)) return NaN;
  }
  const n = Number(s.slice(from, to));
  return Number.isFinite(n) ? n : NaN;
}
