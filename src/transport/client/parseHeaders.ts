/** Response headers as Node names them: lower-case, repeated ones joined with `, ` (`set-cookie` kept as a list). */
export type ResponseHeaders = Record<string, string | string[] | undefined>;

/** The response is not HTTP/1.x as this client reads it. */
export class MalformedResponse extends Error {}

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
    const name = head.slice(position, colon).trim().toLowerCase();
    const value = head.slice(colon + 1, end).trim();
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
