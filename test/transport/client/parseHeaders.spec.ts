import assert from 'node:assert/strict';

import { MalformedResponse, parseHeaders } from '../../../src/transport/client/parseHeaders.js';

/** The plain reading parseHeaders must agree with: slice, trim, lower-case, join repeats. */
function reference(head: string, start: number): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  let position = start;
  while (position < head.length) {
    let end = head.indexOf('\r\n', position);
    if (end < 0) end = head.length;
    const colon = head.indexOf(':', position);
    if (colon <= position || colon > end) throw new MalformedResponse('bad header line');
    const name = head.slice(position, colon).trim().toLowerCase();
    const value = head.slice(colon + 1, end).trim();
    position = end + 2;
    if (name === '__proto__') continue;
    const previous = Object.hasOwn(headers, name) ? headers[name] : undefined;
    if (previous === undefined) headers[name] = name === 'set-cookie' ? [value] : value;
    else if (Array.isArray(previous)) previous.push(value);
    else headers[name] = `${previous}, ${value}`;
  }
  return headers;
}

/** A small deterministic generator (no wall clock, no Math.random), so a failure replays. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const NAMES = [
  'Date',
  'DATE',
  'date',
  'Dates',
  'Dat',
  'Connection',
  'connectioN',
  'Keep-Alive',
  'Keep_Alive',
  'Content-Length',
  'Content-Type',
  'content-encoding',
  'Transfer-Encoding',
  'X-Request-Id',
  'Vary',
  'Server',
  'Set-Cookie',
  'X-Custom',
  '__proto__',
  'constructor',
  'Ünïcode',
  'ÀDATE',
];
const PADDING = ['', ' ', '  ', '\t', '\u00a0', ' \t'];
const VALUES = ['text/xml', 'keep-alive', 'timeout=5', '', '131', 'a, b', 'Mon, 07 Dec 2026 10:27:00 GMT'];

describe('parseHeaders', () => {
  it('reads the usual answer headers, in any case, under their lower-case names', () => {
    const head =
      'HTTP/1.1 200 OK\r\ncontent-TYPE: text/xml\r\nContent-Length: 131\r\nDATE: Mon, 07 Dec 2026 10:27:00 GMT\r\nConnection:keep-alive\r\nKeep-Alive:  timeout=5 ';
    assert.deepEqual(parseHeaders(head, head.indexOf('\r\n') + 2), {
      'content-type': 'text/xml',
      'content-length': '131',
      date: 'Mon, 07 Dec 2026 10:27:00 GMT',
      connection: 'keep-alive',
      'keep-alive': 'timeout=5',
    });
  });

  it('agrees with the plain slice-trim-lower-case reading on generated heads', () => {
    const random = generator(17);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    for (let round = 0; round < 2000; round++) {
      const lines: string[] = [];
      const count = 1 + Math.floor(random() * 6);
      for (let i = 0; i < count; i++) {
        lines.push(
          `${pick(PADDING)}${pick(NAMES)}${pick(PADDING)}:${pick(PADDING)}${pick(VALUES)}${pick(PADDING)}`,
        );
      }
      const head = lines.join('\r\n');
      assert.deepEqual(parseHeaders(head, 0), reference(head, 0), JSON.stringify(head));
    }
  });

  it('never lets a header touch the prototype, and refuses a line without a name', () => {
    const headers = parseHeaders('__proto__: polluted\r\nX-A: 1', 0);
    assert.equal(Object.getPrototypeOf(headers), Object.prototype);
    assert.deepEqual(headers, { 'x-a': '1' });
    assert.throws(() => parseHeaders(': no name', 0), MalformedResponse);
    assert.throws(() => parseHeaders('no colon', 0), MalformedResponse);
  });
});
