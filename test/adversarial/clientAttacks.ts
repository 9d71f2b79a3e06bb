/**
 * Hostile or broken servers against the client (xmlrpc-anchors (d) D22, D28–D35
 * and ha-reliability §4 S12, S21), one row each: what the server writes on its
 * socket after reading the request, and the exact error the proxy must reject
 * with. `client.spec.ts` also checks that the same proxy then completes a
 * normal call, and that the process stays healthy.
 */
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

/** Client limits the hostile servers are measured against. */
export const CLIENT_LIMITS = { timeoutMs: 1500, maxResponseBytes: 1024 * 1024 } as const;

/** What the proxy must reject with. */
export type ClientExpectation =
  | { readonly code: string; readonly outcome?: 'not-executed' | 'unknown'; readonly status?: number }
  | { readonly faultCode: number | string; readonly faultString?: string };

/** One hostile server behaviour. */
export interface ClientAttack {
  readonly id: string;
  readonly title: string;
  /** Writes the hostile answer on `socket`, the request already read. */
  readonly respond: (socket: Socket) => void;
  readonly expect: ClientExpectation;
}

const xmlHead = (length: number, extra = ''): string =>
  `HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n${extra}Content-Length: ${length}\r\n\r\n`;

/** A complete HTTP 200 answer carrying `body`. */
function answer(body: Buffer | string, extra = ''): (socket: Socket) => void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return (socket) => {
    socket.end(Buffer.concat([Buffer.from(xmlHead(bytes.length, extra), 'latin1'), bytes]));
  };
}

/** A non-200 answer with an HTML page. */
function status(code: number, reason: string, extra = ''): (socket: Socket) => void {
  const page = `<html><body><h1>${code} ${reason}</h1></body></html>`;
  return (socket) => {
    socket.end(
      `HTTP/1.1 ${code} ${reason}\r\nContent-Type: text/html\r\n${extra}Content-Length: ${page.length}\r\n\r\n${page}`,
    );
  };
}

const response = (valueXml: string): string =>
  `<?xml version="1.0"?><methodResponse><params><param><value>${valueXml}</value></param></params></methodResponse>`;
const fault = (members: string): string =>
  `<?xml version="1.0"?><methodResponse><fault><value><struct>${members}</struct></value></fault></methodResponse>`;
const member = (name: string, value: string): string =>
  `<member><name>${name}</name><value>${value}</value></member>`;

const BAD = 'SPINDLE_CLIENT_BAD_RESPONSE';
const PROTOCOL = 'SPINDLE_CLIENT_PROTOCOL_ERROR';

/** The table. */
export const CLIENT_ATTACKS: readonly ClientAttack[] = [
  {
    id: 'D28',
    title: 'HTTP 500 with an HTML page',
    respond: status(500, 'Internal Server Error'),
    expect: { code: PROTOCOL, status: 500 },
  },
  {
    id: 'D28',
    title: 'HTTP 502 with an HTML page',
    respond: status(502, 'Bad Gateway'),
    expect: { code: PROTOCOL, status: 502 },
  },
  {
    id: 'D28',
    title: 'HTTP 401',
    respond: status(401, 'Unauthorized', 'WWW-Authenticate: Basic realm="x"\r\n'),
    expect: { code: PROTOCOL, status: 401 },
  },
  {
    id: 'D28',
    title: "HTTP 418 I'm a teapot",
    respond: status(418, "I'm a teapot"),
    expect: { code: PROTOCOL, status: 418 },
  },
  {
    id: 'D33',
    title: 'a 302 redirect is not followed',
    respond: status(302, 'Found', 'Location: http://127.0.0.1:1/elsewhere\r\n'),
    expect: { code: PROTOCOL, status: 302 },
  },
  {
    id: 'D29',
    title: 'HTTP 200 with an HTML page',
    respond: answer('<html><body>hello</body></html>'),
    expect: { code: BAD },
  },
  {
    id: 'D29',
    title: 'HTTP 200 with truncated XML (Content-Length agrees)',
    respond: answer(response('<int>1</int>').slice(0, 60)),
    expect: { code: BAD },
  },
  {
    id: 'D29',
    title: 'a body cut short of its Content-Length, then a close',
    respond: (socket) => {
      socket.end(`${xmlHead(1000)}${response('<int>1</int>').slice(0, 50)}`);
    },
    expect: { code: 'SPINDLE_CLIENT_CONNECTION_LOST', outcome: 'unknown' },
  },
  {
    id: 'D30/S21',
    title: 'a Content-Length above maxResponseBytes',
    respond: (socket) => {
      socket.write(xmlHead(CLIENT_LIMITS.maxResponseBytes * 4));
      socket.write(Buffer.alloc(64 * 1024, 'a'));
    },
    expect: { code: 'SPINDLE_CLIENT_RESPONSE_TOO_LARGE' },
  },
  {
    id: 'D30/S21',
    title: 'an endless chunked body',
    respond: (socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n');
      const chunk = Buffer.concat([
        Buffer.from('10000\r\n'),
        Buffer.alloc(0x10000, 'a'),
        Buffer.from('\r\n'),
      ]);
      let sent = 0;
      const pump = (): void => {
        // Bounded at 8 × the cap: the client must hang up long before.
        while (!socket.destroyed && sent < 128) {
          sent += 1;
          if (!socket.write(chunk)) {
            socket.once('drain', pump);
            return;
          }
        }
      };
      pump();
    },
    expect: { code: 'SPINDLE_CLIENT_RESPONSE_TOO_LARGE' },
  },
  {
    id: 'D30/S21',
    title: 'a gzip bomb response (32 MiB of zeros)',
    // Compressed once, when the list is built: compressing 32 MiB inside respond() counted against
    // the client's 1500 ms timeout, which a loaded machine ran out (SPINDLE_CLIENT_TIMEOUT).
    respond: answer(gzipSync(Buffer.alloc(32 * 1024 * 1024)), 'Content-Encoding: gzip\r\n'),
    expect: { code: 'SPINDLE_CLIENT_RESPONSE_TOO_LARGE' },
  },
  {
    id: 'S21',
    title: 'a response nested 10,000 deep',
    respond: answer(
      response('<array><data><value>'.repeat(10_000) + '1' + '</value></data></array>'.repeat(10_000)),
    ),
    expect: { code: BAD },
  },
  {
    id: 'S21',
    title: 'a billion-laughs DOCTYPE in the response',
    respond: answer(
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
        response('<string>&b;</string>').replace('<?xml version="1.0"?>', ''),
    ),
    expect: { code: BAD },
  },
  {
    id: 'S12',
    title: 'ex:serializable in a response is never deserialized',
    respond: answer(
      response(
        '<ex:serializable xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions">rO0ABQ==</ex:serializable>',
      ),
    ),
    expect: { code: BAD },
  },
  {
    id: 'D31',
    title: 'a response with two params',
    respond: answer(
      '<?xml version="1.0"?><methodResponse><params><param><value>1</value></param><param><value>2</value></param></params></methodResponse>',
    ),
    expect: { code: BAD },
  },
  {
    id: 'D31',
    title: 'a response with no param',
    respond: answer('<?xml version="1.0"?><methodResponse><params></params></methodResponse>'),
    expect: { code: BAD },
  },
  {
    id: 'D32',
    title: 'a fault with a string faultCode and extra members keeps the raw code',
    respond: answer(
      fault(
        member('faultCode', '<string>E42</string>') + member('faultString', 'nope') + member('extra', '1'),
      ),
    ),
    expect: { faultCode: 'E42', faultString: 'nope' },
  },
  {
    id: 'D22/S12',
    title: 'a fault carrying faultCause bytes: the cause is ignored, never deserialized',
    respond: answer(
      fault(
        member('faultCode', '<int>7</int>') +
          member('faultString', 'boom') +
          member('faultCause', '<base64>rO0ABXNyABNqYXZhLmxhbmcuRXhjZXB0aW9u</base64>'),
      ),
    ),
    expect: { faultCode: 7, faultString: 'boom' },
  },
  {
    id: 'D34/S21',
    title: 'a server that stalls after the headers',
    respond: (socket) => {
      socket.write(xmlHead(500));
    },
    expect: { code: 'SPINDLE_CLIENT_TIMEOUT', outcome: 'unknown' },
  },
  {
    id: 'D34/S21',
    title: 'a server that reads the request and never answers',
    respond: () => undefined,
    expect: { code: 'SPINDLE_CLIENT_TIMEOUT', outcome: 'unknown' },
  },
];
