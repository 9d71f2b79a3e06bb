/** Response headers as Node names them: lower-case, repeated ones joined with `, ` (`set-cookie` kept as a list). */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** The response is not HTTP/1.x as this client reads it. */
export class MalformedResponse extends Error {}

/**
 * Whether `String.prototype.trim` removes code unit `c` of a latin1-decoded
 * head: tab, line ends, space and no-break space.
 */
function trimmable(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 160;
}

/**
 * `head.slice(from, to).trim()`, without the intermediate strings: the usual
 * header line has no space to trim from its name and one before its value.
 */
function trimmed(head: string, from: number, to: number): string {
  while (from < to && trimmable(head.charCodeAt(from))) from++;
  while (to > from && trimmable(head.charCodeAt(to - 1))) to--;
  return head.slice(from, to);
}

/**
 * Lower-case names of the headers most answers carry. A name read from the
 * head is a new string that V8 must hash and intern to store it as a key; one
 * of these, compared in place, is stored by the literal, already interned.
 */
const KNOWN_NAMES = [
  'date',
  'vary',
  'server',
  'connection',
  'keep-alive',
  'content-type',
  'x-request-id',
  'content-length',
  'content-encoding',
  'transfer-encoding',
];

/** The known name written (in any case) from `from` to `to`, or undefined. */
function knownName(head: string, from: number, to: number): string | undefined {
  const length = to - from;
  for (const name of KNOWN_NAMES) {
    if (name.length !== length) continue;
    let i = 0;
    while (i < length) {
      const c = head.charCodeAt(from + i);
      const n = name.charCodeAt(i);
      // A letter may come in upper case; anything else must be the same.
      if (c !== n && !(n >= 97 && n <= 122 && c === n - 32)) break;
      i++;
    }
    if (i === length) return name;
  }
  return undefined;
}

/** The header lines of `head` from `start` on. */
export function parseHeaders(head: string, start: number): ResponseHeaders {
  const headers: ResponseHeaders = {};
  let position = start;
  while (position < head.length) {
    let end = head.indexOf('\r\n', position);
    if (end < 0) end = head.length;
    const colon = head.indexOf(':', position);
    if (colon <= position || colon > end) {
      throw new MalformedResponse(
        `bad header line ${JSON.stringify(head.slice(position, Math.min(end, position + 80)))}`,
      );
    }
    const name = knownName(head, position, colon) ?? trimmed(head, position, colon).toLowerCase();
    const value = trimmed(head, colon + 1, end);
    position = end + 2;
    // A header named like an Object member must not touch the prototype.
    if (name === '__proto__') continue;
    const previous = headers[name];
    if (previous === undefined || !Object.hasOwn(headers, name)) {
      headers[name] = name === 'set-cookie' ? [value] : value;
    } else if (Array.isArray(previous)) {
      previous.push(value);
    } else {
      headers[name] = `${previous}, ${value}`;
    }
  }
  return headers;
}
