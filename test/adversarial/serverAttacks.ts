/**
 * Every attack on a running exporter, one row each: the id from
 * `xmlrpc-anchors.md` (d) (D…) and `ha-reliability-anchors.md` §4 (S…), the
 * layer it hits, the bytes sent, and the exact outcome. `server.spec.ts` plays
 * each row and also checks what holds for all of them: the listed methods (and
 * no other) ran, the server answers the next call, and the reply leaks nothing.
 */
import { gzipSync } from 'node:zlib';

import type { RawPlan } from '../helpers/rawHttp.js';
import { callXml, multicallEntry, multicallXml, post, SERVICE_PATH } from './rawHttp.js';

/** Limits the target exporter runs with: the defaults, with timeouts short enough to test. */
export const TARGET_LIMITS = {
  maxBodyBytes: 1024 * 1024,
  /** Big enough for the gzipped depth, width and multicall bombs to reach the decoder's own limits. */
  maxInflatedBytes: 40 * 1024 * 1024,
  headersTimeoutMs: 1000,
  requestTimeoutMs: 2000,
  callTimeoutMs: 500,
  maxMulticallCalls: 1000,
} as const;

/** What the row's bytes must get back. */
export type Expectation =
  /** An HTTP error status (optionally with the connection closed and some headers). */
  | {
      readonly status: number;
      readonly closed?: boolean;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** HTTP 200 with this fault code. */
  | { readonly fault: number; readonly faultString?: RegExp }
  /** HTTP 200 with a value, checked by `check`. */
  | { readonly value: (value: unknown) => void }
  /** The server gives up on a slow client: one of `statuses` (0: a bare close), not before `afterMs`. */
  | { readonly dropped: { readonly afterMs: number; readonly statuses: readonly number[] } }
  /** The client went away mid-request: nothing may run. No reply is expected. */
  | { readonly abandoned: true };

/** What an attack may need from the test: the port of a canary server that must never be contacted. */
export interface AttackContext {
  readonly canaryPort: number;
}

/** One row of the table. */
export interface ServerAttack {
  readonly id: string;
  readonly layer: 'http' | 'xml' | 'dispatch' | 'handler';
  readonly title: string;
  readonly plan: (context: AttackContext) => RawPlan;
  readonly expect: Expectation;
  /** Exactly the service methods that must have run, in order. @default [] */
  readonly calls?: readonly string[];
  /** How long the exchange may take. @default 10000 */
  readonly timeoutMs?: number;
}

const ADD = callXml('add', '<int>2</int>', '<int>3</int>');
const EX = 'xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"';
const head = (lines: readonly string[]): string => `${lines.join('\r\n')}\r\n\r\n`;
const bare = (method: string, path = SERVICE_PATH): string =>
  head([`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1']);
const repeat = (text: string, times: number): string => text.repeat(times);

/** `n` parts of `size` bytes each, written back to back (a body that does not stop). */
function endless(size: number, n: number, delayMs = 0): { data: Buffer; delayMs: number }[] {
  const chunk = Buffer.alloc(size, 'a');
  return Array.from({ length: n }, () => ({ data: chunk, delayMs }));
}

/** A chunked-encoding frame of `data`. */
function frame(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([Buffer.from(`${bytes.length.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
}

const BILLION_LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${repeat(`&lol${i === 0 ? '' : String(i)};`, 10)}">`,
  ).join('') +
  ']><methodCall><methodName>echo</methodName><params><param><value>&lol9;</value></param></params></methodCall>';

const QUADRATIC =
  `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "${repeat('x', 30_000)}">]>` +
  `<methodCall><methodName>echo</methodName><params><param><value>${repeat('&a;', 30_000)}</value></param></params></methodCall>`;

const notFound = { fault: -32601 } as const;
const invalid = { fault: -32600 } as const;
const notWellFormed = { fault: -32700 } as const;

const methodProbe = (id: string, name: string): ServerAttack => ({
  id,
  layer: 'dispatch',
  title: `method name ${JSON.stringify(name)} is not found`,
  plan: () => post(callXml(name)),
  expect: notFound,
});

const badScalar = (id: string, xml: string): ServerAttack => ({
  id,
  layer: 'xml',
  title: `bad scalar ${xml}`,
  plan: () => post(callXml('echo', xml)),
  expect: invalid,
});

const unencodable = (kind: string): ServerAttack => ({
  id: 'D24',
  layer: 'handler',
  title: `a handler returning ${kind} gets fault −32603, never malformed XML`,
  plan: () => post(callXml('unencodable', `<string>${kind}</string>`)),
  expect: { fault: -32603 },
  calls: ['unencodable'],
});

/** The table. Order follows the anchors; several rows may share an id. */
export const SERVER_ATTACKS: readonly ServerAttack[] = [
  // ---- HTTP layer ----
  {
    id: 'D0a/S3',
    layer: 'http',
    title: 'Content-Length above the cap is 413 before the body is read, and the connection closes',
    plan: () => ({
      parts: [
        {
          data: head([
            `POST ${SERVICE_PATH} HTTP/1.1`,
            'Host: 127.0.0.1',
            'Content-Type: text/xml',
            `Content-Length: ${TARGET_LIMITS.maxBodyBytes + 1}`,
          ]),
        },
      ],
    }),
    expect: { status: 413, closed: true },
  },
  {
    id: 'D0b/S3',
    layer: 'http',
    title: 'a chunked body that never ends is cut at the cap with 413 and a close',
    plan: () => ({
      parts: [
        {
          data: head([
            `POST ${SERVICE_PATH} HTTP/1.1`,
            'Host: 127.0.0.1',
            'Content-Type: text/xml',
            'Transfer-Encoding: chunked',
          ]),
        },
        // Up to 4 × the cap: the server must stop long before this runs out.
        ...endless(64 * 1024, 64).map((part) => ({ data: frame(part.data) })),
      ],
    }),
    expect: { status: 413, closed: true },
  },
  {
    id: 'D0c',
    layer: 'http',
    title: 'a POST with neither Content-Length nor chunked encoding is 411',
    plan: () => ({
      parts: [{ data: head([`POST ${SERVICE_PATH} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: text/xml']) }],
    }),
    expect: { status: 411 },
  },
  {
    id: 'D0d/S6',
    layer: 'http',
    title: 'a gzip bomb (64 MiB of zeros in ~64 KB) stops at the inflate cap with 413',
    plan: () => {
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
      return post(bomb, { headers: ['Content-Encoding: gzip'] });
    },
    expect: { status: 413, closed: true },
  },
  {
    id: 'D0e',
    layer: 'http',
    title: 'Content-Encoding br is 415',
    plan: () => post(ADD, { headers: ['Content-Encoding: br'] }),
    expect: { status: 415 },
  },
  {
    id: 'D0f',
    layer: 'http',
    title: 'GET on the service path is 405 with Allow: POST',
    plan: () => ({ parts: [{ data: bare('GET') }] }),
    expect: { status: 405, headers: { allow: 'POST' } },
  },
  {
    id: 'D0f',
    layer: 'http',
    title: 'PUT on the service path is 405',
    plan: () => ({ parts: [{ data: bare('PUT') }] }),
    expect: { status: 405, headers: { allow: 'POST' } },
  },
  {
    id: 'D0f',
    layer: 'http',
    title: 'DELETE on the service path is 405',
    plan: () => ({ parts: [{ data: bare('DELETE') }] }),
    expect: { status: 405, headers: { allow: 'POST' } },
  },
  {
    id: 'D0g',
    layer: 'http',
    title: 'a wrong path is 404',
    plan: () => post(ADD, { path: '/Target/../etc/passwd' }),
    expect: { status: 404 },
  },
  {
    id: 'D0h',
    layer: 'http',
    title: 'Content-Type application/json is 415',
    plan: () => post(ADD, { contentType: 'application/json' }),
    expect: { status: 415 },
  },
  {
    id: 'D0h',
    layer: 'http',
    title: 'a missing Content-Type is 415',
    plan: () => post(ADD, { contentType: null }),
    expect: { status: 415 },
  },
  {
    id: 'D0i/S7',
    layer: 'http',
    title: 'slowloris: headers at one byte per 100 ms are dropped at headersTimeoutMs',
    plan: () => ({
      parts: [
        { data: `POST ${SERVICE_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ` },
        ...Array.from({ length: 100 }, () => ({ data: 'a', delayMs: 100 })),
      ],
    }),
    expect: { dropped: { afterMs: TARGET_LIMITS.headersTimeoutMs, statuses: [408, 0] } },
    timeoutMs: 15_000,
  },
  {
    id: 'D0i/S8',
    layer: 'http',
    title: 'slow body: one byte per 100 ms is dropped at requestTimeoutMs and the method does not run',
    plan: () => {
      const body = Buffer.from(ADD);
      return {
        parts: [
          {
            data: head([
              `POST ${SERVICE_PATH} HTTP/1.1`,
              'Host: 127.0.0.1',
              'Content-Type: text/xml',
              `Content-Length: ${body.length}`,
            ]),
          },
          ...Array.from({ length: body.length }, (_, i) => ({ data: body.subarray(i, i + 1), delayMs: 100 })),
        ],
      };
    },
    expect: { dropped: { afterMs: TARGET_LIMITS.requestTimeoutMs, statuses: [408, 0] } },
    timeoutMs: 15_000,
  },
  {
    id: 'D0j',
    layer: 'http',
    title: 'a client that disconnects mid-body: the method does not run',
    plan: () => {
      const body = Buffer.from(ADD);
      return {
        parts: [
          {
            data: head([
              `POST ${SERVICE_PATH} HTTP/1.1`,
              'Host: 127.0.0.1',
              'Content-Type: text/xml',
              `Content-Length: ${body.length}`,
            ]),
          },
          { data: body.subarray(0, body.length - 20) },
        ],
        finish: 'destroy',
      };
    },
    expect: { abandoned: true },
  },
  {
    id: 'S20',
    layer: 'http',
    title: 'request smuggling: two different Content-Length headers are 400',
    plan: () => ({
      parts: [
        {
          data:
            head([
              `POST ${SERVICE_PATH} HTTP/1.1`,
              'Host: 127.0.0.1',
              'Content-Type: text/xml',
              `Content-Length: ${Buffer.byteLength(ADD)}`,
              'Content-Length: 5',
            ]) + ADD,
        },
      ],
    }),
    expect: { status: 400, closed: true },
  },
  {
    id: 'S20',
    layer: 'http',
    title: 'request smuggling: Content-Length with Transfer-Encoding hiding a second request is 400',
    plan: () => {
      const hidden = `POST ${SERVICE_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(ADD)}\r\n\r\n${ADD}`;
      const chunked = `0\r\n\r\n${hidden}`;
      return {
        parts: [
          {
            data:
              head([
                `POST ${SERVICE_PATH} HTTP/1.1`,
                'Host: 127.0.0.1',
                'Content-Type: text/xml',
                `Content-Length: ${Buffer.byteLength(chunked)}`,
                'Transfer-Encoding: chunked',
              ]) + chunked,
          },
        ],
      };
    },
    expect: { status: 400, closed: true },
  },
  {
    id: 'S20',
    layer: 'http',
    title: 'request smuggling: an obfuscated Transfer-Encoding is 400',
    plan: () => ({
      parts: [
        {
          data:
            head([
              `POST ${SERVICE_PATH} HTTP/1.1`,
              'Host: 127.0.0.1',
              'Content-Type: text/xml',
              'Transfer-Encoding: chunked',
              'Transfer-Encoding : identity',
            ]) + frame(ADD).toString('latin1'),
        },
      ],
    }),
    expect: { status: 400, closed: true },
  },
  {
    id: 'D0i',
    layer: 'http',
    title: 'a 64 KB header is 431',
    plan: () => post(ADD, { headers: [`X-Big: ${repeat('a', 64 * 1024)}`] }),
    expect: { status: 431, closed: true },
  },

  // ---- XML layer ----
  {
    id: 'D1/S1',
    layer: 'xml',
    title: 'billion laughs (nested entities in an internal DTD) is −32700 with zero expansion',
    plan: () => post(BILLION_LAUGHS),
    expect: notWellFormed,
  },
  {
    id: 'D2/S1',
    layer: 'xml',
    title: 'quadratic blowup (a 30 KB entity referenced 30,000 times) is −32700',
    plan: () => post(QUADRATIC),
    expect: notWellFormed,
  },
  {
    id: 'D3/S2',
    layer: 'xml',
    title: 'XXE reading file:///etc/passwd is −32700',
    plan: () =>
      post(
        '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
          callXml('echo', '<string>&x;</string>').replace('<?xml version="1.0"?>', ''),
      ),
    expect: notWellFormed,
  },
  {
    id: 'D3/S2',
    layer: 'xml',
    title: 'XXE fetching http:// is −32700 and nothing is fetched (the canary sees no connection)',
    plan: ({ canaryPort }) =>
      post(
        `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "http://127.0.0.1:${canaryPort}/x">]>` +
          callXml('echo', '<string>&x;</string>').replace('<?xml version="1.0"?>', ''),
      ),
    expect: notWellFormed,
  },
  {
    id: 'D4/S2',
    layer: 'xml',
    title: 'an external DTD is −32700 and not fetched',
    plan: ({ canaryPort }) =>
      post(
        `<?xml version="1.0"?><!DOCTYPE methodCall SYSTEM "http://127.0.0.1:${canaryPort}/x.dtd">` +
          ADD.replace('<?xml version="1.0"?>', ''),
      ),
    expect: notWellFormed,
  },
  {
    id: 'D4/S2',
    layer: 'xml',
    title: 'parameter entities are −32700 and not fetched',
    plan: ({ canaryPort }) =>
      post(
        `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY % p SYSTEM "http://127.0.0.1:${canaryPort}/p">%p;]>` +
          ADD.replace('<?xml version="1.0"?>', ''),
      ),
    expect: notWellFormed,
  },
  {
    id: 'D5',
    layer: 'xml',
    title: 'an HTML page (well-formed XML, wrong root) is −32600',
    plan: () => post('<html><body><h1>hello</h1></body></html>'),
    expect: invalid,
  },
  {
    id: 'D5',
    layer: 'xml',
    title: 'garbage bytes (a NUL first) are −32702',
    plan: () => post(Buffer.from('\u0000\u00ff garbage <<<>>> &&&', 'latin1')),
    expect: { fault: -32702 },
  },
  { id: 'D5', layer: 'xml', title: 'an empty body is −32700', plan: () => post(''), expect: notWellFormed },
  {
    id: 'D5',
    layer: 'xml',
    title: 'mismatched tags are −32700',
    plan: () => post('<methodCall><methodName>add</methodCall></methodName>'),
    expect: notWellFormed,
  },
  {
    id: 'D5',
    layer: 'xml',
    title: 'an unclosed document is −32700',
    plan: () => post(ADD.slice(0, -20)),
    expect: notWellFormed,
  },
  {
    id: 'D6',
    layer: 'xml',
    title: 'a wrong root element is −32600',
    plan: () => post('<methodResponse><params><param><value>1</value></param></params></methodResponse>'),
    expect: invalid,
  },
  {
    id: 'D6',
    layer: 'xml',
    title: 'a call without methodName is −32600',
    plan: () => post('<methodCall><params/></methodCall>'),
    expect: invalid,
  },
  {
    id: 'D6',
    layer: 'xml',
    title: 'two children in one <value> are −32600',
    plan: () => post(callXml('echo', '<int>1</int><int>2</int>')),
    expect: invalid,
  },
  {
    id: 'D6',
    layer: 'xml',
    title: 'an <array> without <data> is −32600',
    plan: () => post(callXml('echo', '<array><value>1</value></array>')),
    expect: invalid,
  },
  {
    id: 'D6',
    layer: 'xml',
    title: 'a struct member without <name> is −32600',
    plan: () => post(callXml('echo', '<struct><member><value>1</value></member></struct>')),
    expect: invalid,
  },
  {
    id: 'D7',
    layer: 'xml',
    title: 'an unknown type tag is −32600',
    plan: () => post(callXml('echo', '<foo>1</foo>')),
    expect: invalid,
  },
  badScalar('D8/S13', '<int>12abc</int>'),
  badScalar('D8/S13', '<int>99999999999</int>'),
  badScalar('D8/S13', '<i4>2147483648</i4>'),
  badScalar('D8/S13', '<int></int>'),
  badScalar('D8/S13', '<int>1e9999</int>'),
  badScalar('D8/S13', '<boolean>true</boolean>'),
  badScalar('D8/S13', '<double>NaN</double>'),
  badScalar('D8/S13', '<double>1e999</double>'),
  badScalar('D8/S13', '<dateTime.iso8601>20241345T99:99:99</dateTime.iso8601>'),
  badScalar('D8/S13', '<base64>!!!*</base64>'),
  badScalar('D8/S13', '<i8>9223372036854775808</i8>'),
  {
    id: 'D9/S4',
    layer: 'xml',
    title: 'a depth bomb of 100,000 nested arrays (gzipped) is −32600, no stack overflow',
    plan: () =>
      post(
        callXml(
          'echo',
          repeat('<array><data><value>', 100_000) + '1' + repeat('</value></data></array>', 100_000),
        ),
        { gzip: true },
      ),
    expect: invalid,
  },
  {
    id: 'D9/S4',
    layer: 'xml',
    title: 'nesting one level past the depth limit of 64 is −32600',
    plan: () =>
      post(callXml('echo', repeat('<array><data><value>', 65) + '1' + repeat('</value></data></array>', 65))),
    expect: invalid,
  },
  {
    id: 'D10/S5',
    layer: 'xml',
    title: 'a width bomb of 1,100,000 array elements (gzipped) is −32600 at the element limit',
    plan: () =>
      post(callXml('echo', `<array><data>${repeat('<value>1</value>', 1_100_000)}</data></array>`), {
        gzip: true,
      }),
    expect: invalid,
  },
  {
    id: 'D10/S5',
    layer: 'xml',
    title: '1,100,000 params (gzipped) are −32600',
    plan: () =>
      post(
        callXml('echo', '1').replace(
          '<param><value>1</value></param>',
          repeat('<param><value>1</value></param>', 1_100_000),
        ),
        { gzip: true },
      ),
    expect: invalid,
  },
  {
    id: 'D11',
    layer: 'xml',
    title: 'a 600 KB method name is −32600',
    plan: () => post(callXml(repeat('a', 600_000))),
    expect: invalid,
  },
  {
    id: 'D11',
    layer: 'xml',
    title: 'a method name with characters outside [A-Za-z0-9_.:/] is −32600',
    plan: () => post(callXml('add;rm -rf')),
    expect: invalid,
  },
  {
    id: 'D12',
    layer: 'xml',
    title: 'invalid UTF-8 bytes are −32702',
    plan: () =>
      post(
        Buffer.concat([
          Buffer.from(callXml('echo', '<string>').replace(/<\/string>.*/, '')),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('</string></value></param></params></methodCall>'),
        ]),
      ),
    expect: { fault: -32702 },
  },
  {
    id: 'D12',
    layer: 'xml',
    title: 'encoding="EBCDIC-XYZ" is −32701',
    plan: () => post(ADD.replace('version="1.0"', 'version="1.0" encoding="EBCDIC-XYZ"')),
    expect: { fault: -32701 },
  },
  {
    id: 'D12',
    layer: 'xml',
    title: 'UTF-16 without a BOM is refused (−32702: NUL bytes)',
    plan: () => post(Buffer.from(ADD, 'utf16le')),
    expect: { fault: -32702 },
  },
  {
    id: 'D13',
    layer: 'xml',
    title: 'a raw C0 control byte is −32702',
    plan: () => post(callXml('echo', '<string>a\u0001b</string>')),
    expect: { fault: -32702 },
  },
  {
    id: 'D13',
    layer: 'xml',
    title: '&#1; is −32702',
    plan: () => post(callXml('echo', '<string>a&#1;b</string>')),
    expect: { fault: -32702 },
  },
  {
    id: 'D14',
    layer: 'xml',
    title: 'an unbound ex: prefix is read by local name (documented tolerance): <ex:nil/> is nil',
    plan: () => post(callXml('echo', '<ex:nil/>')),
    expect: {
      value: (value) => {
        if (value !== null) throw new Error(`expected null, got ${JSON.stringify(value)}`);
      },
    },
    calls: ['echo'],
  },
  {
    id: 'D15/S10',
    layer: 'xml',
    title:
      'struct members __proto__, constructor, prototype, hasOwnProperty stay own data keys of a plain object',
    plan: () =>
      post(
        callXml(
          'inspect',
          '<struct>' +
            '<member><name>__proto__</name><value><struct><member><name>isAdmin</name><value><boolean>1</boolean></value></member></struct></value></member>' +
            '<member><name>constructor</name><value><string>c</string></value></member>' +
            '<member><name>prototype</name><value><string>p</string></value></member>' +
            '<member><name>hasOwnProperty</name><value><string>h</string></value></member>' +
            '</struct>',
        ),
      ),
    expect: {
      value: (value) => {
        const result = value as Record<string, unknown>;
        const keys = JSON.stringify(result['keys']);
        const expected = JSON.stringify(['__proto__', 'constructor', 'hasOwnProperty', 'prototype']);
        if (
          result['plainPrototype'] !== true ||
          result['ownProto'] !== true ||
          result['inheritsAdmin'] !== false ||
          keys !== expected
        ) {
          throw new Error(`struct decoded unsafely: ${JSON.stringify(result)}`);
        }
      },
    },
    calls: ['inspect'],
  },
  {
    id: 'D16',
    layer: 'xml',
    title: 'duplicate member names: the last wins (CPython policy, documented)',
    plan: () =>
      post(
        callXml(
          'echo',
          '<struct><member><name>a</name><value>1</value></member><member><name>a</name><value>2</value></member></struct>',
        ),
      ),
    expect: {
      value: (value) => {
        if (JSON.stringify(value) !== '{"a":"2"}') throw new Error(`got ${JSON.stringify(value)}`);
      },
    },
    calls: ['echo'],
  },
  {
    id: 'D21/S12',
    layer: 'xml',
    title: 'ex:serializable is −32600 (never deserialized)',
    plan: () =>
      post(callXml('echo', `<ex:serializable ${EX}>rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA==</ex:serializable>`)),
    expect: invalid,
  },
  {
    id: 'D21/S12',
    layer: 'xml',
    title: 'ex:dom is −32600',
    plan: () => post(callXml('echo', `<ex:dom ${EX}><a/></ex:dom>`)),
    expect: invalid,
  },
  {
    id: 'S11',
    layer: 'xml',
    title: 'code-looking strings are data: echoed exactly, nothing evaluated',
    plan: () =>
      post(callXml('echo', "<string>'); process.exit(1); //${constructor.constructor('x')()}</string>")),
    expect: {
      value: (value) => {
        if (value !== "'); process.exit(1); //${constructor.constructor('x')()}")
          throw new Error(String(value));
      },
    },
    calls: ['echo'],
  },

  // ---- dispatch layer ----
  methodProbe('D17/S9', '__proto__'),
  methodProbe('D17/S9', 'constructor'),
  methodProbe('D17/S9', 'toString'),
  methodProbe('D17/S9', 'hasOwnProperty'),
  methodProbe('D17/S9', 'valueOf'),
  methodProbe('D17/S9', '__defineGetter__'),
  methodProbe('D17/S9', '_private'),
  methodProbe('D17/S9', 'secret'),
  methodProbe('D17/S9', 'calls'),
  methodProbe('D17/S9', 'add.constructor'),
  methodProbe('D17/S9', 'a.__proto__.b'),
  methodProbe('D17/S9', 'NotFound'),
  methodProbe('D17/S9', 'error'),
  methodProbe('D17/S9', 'newListener'),
  methodProbe('D17/S9', 'close'),
  methodProbe('D17/S9', 'system.constructor'),
  {
    id: 'D26',
    layer: 'dispatch',
    title: 'wrong parameter types for a declared signature are −32602 and the method does not run',
    plan: () => post(callXml('add', '<string>2</string>', '<int>3</int>')),
    expect: { fault: -32602 },
  },
  {
    id: 'D26',
    layer: 'dispatch',
    title: 'wrong arity for a declared signature is −32602',
    plan: () => post(callXml('add', '<int>2</int>')),
    expect: { fault: -32602 },
  },
  {
    id: 'D18',
    layer: 'dispatch',
    title: 'system.multicall inside system.multicall: that entry is −32600, nothing recurses',
    plan: () =>
      post(
        multicallXml([
          multicallEntry(
            'system.multicall',
            `<array><data>${multicallEntry('add', '<int>1</int>', '<int>1</int>')}</data></array>`,
          ),
        ]),
      ),
    expect: {
      value: (value) => {
        const entry = (value as unknown[])[0] as Record<string, unknown> | undefined;
        if (entry?.['faultCode'] !== -32600) throw new Error(`got ${JSON.stringify(value)}`);
      },
    },
  },
  {
    id: 'D19/S14',
    layer: 'dispatch',
    title: 'system.multicall with 100,000 entries (gzipped) is −32600 and no entry runs',
    plan: () =>
      post(
        multicallXml(
          repeat(multicallEntry('add', '<int>1</int>', '<int>1</int>'), 10) +
            repeat('<value>x</value>', 100_000 - 10),
        ),
        { gzip: true },
      ),
    expect: { fault: -32600, faultString: /100000 calls/ },
  },
  {
    id: 'D20',
    layer: 'dispatch',
    title: 'malformed multicall entries get per-entry faults; the good entries still run',
    plan: () =>
      post(
        multicallXml([
          multicallEntry('add', '<int>1</int>', '<int>2</int>'),
          '<value><string>not a struct</string></value>',
          '<value><struct><member><name>methodName</name><value>add</value></member></struct></value>',
          '<value><struct><member><name>methodName</name><value>add</value></member><member><name>params</name><value>1</value></member></struct></value>',
          multicallEntry('secret'),
          multicallEntry('add', '<int>3</int>', '<int>4</int>'),
        ]),
      ),
    expect: {
      value: (value) => {
        const codes = (value as unknown[]).map((entry) =>
          Array.isArray(entry)
            ? `=${String(entry[0])}`
            : String((entry as Record<string, unknown>)['faultCode']),
        );
        if (codes.join(' ') !== '=3 -32600 -32600 -32600 -32601 =7') throw new Error(codes.join(' '));
      },
    },
    calls: ['add', 'add'],
  },

  // ---- handler layer ----
  {
    id: 'D23/S19',
    layer: 'handler',
    title: 'a handler throwing a plain error is −32500 without stack, path or class name',
    plan: () => post(callXml('boom')),
    expect: { fault: -32500 },
    calls: ['boom'],
  },
  {
    id: 'D23/S19',
    layer: 'handler',
    title: 'a handler rejecting is −32500 without stack, path or class name',
    plan: () => post(callXml('reject')),
    expect: { fault: -32500 },
    calls: ['reject'],
  },
  {
    id: 'D24',
    layer: 'handler',
    title: 'a handler returning undefined (a void method) answers nil, which Spindle reads back as undefined',
    plan: () => post(callXml('unencodable', '<string>undefined</string>')),
    expect: {
      value: (value) => {
        if (value !== undefined) throw new Error(`expected undefined, got ${JSON.stringify(value)}`);
      },
    },
    calls: ['unencodable'],
  },
  unencodable('function'),
  unencodable('symbol'),
  unencodable('cyclic'),
  unencodable('bigint'),
  unencodable('nan'),
  unencodable('c0'),
  unencodable('surrogate'),
  {
    id: 'D25',
    layer: 'handler',
    title: 'a handler that never settles is −32603 after callTimeoutMs',
    plan: () => post(callXml('hang')),
    expect: { fault: -32603 },
    calls: ['hang'],
  },
];
