import { connect } from 'node:net';
import type { Socket } from 'node:net';

/** One HTTP response read off a raw socket. */
export interface RawResponse {
  /** The status code, or 0 when the server closed without answering. */
  readonly status: number;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Whether the server closed (or reset) the connection. */
  readonly closed: boolean;
}

/** Options of `rawExchange`. */
export interface RawExchangeOptions {
  /** Written after `data`, `pauseMs` later (slow or truncated bodies). @default undefined */
  readonly then?: Buffer | string;
  /** Delay before `then`. @default 50 */
  readonly pauseMs?: number;
  /** Half-close or destroy our side after writing. @default 'none' */
  readonly finish?: 'none' | 'end' | 'destroy';
  /** Give up waiting after this long. @default 5000 */
  readonly timeoutMs?: number;
}

function parse(raw: Buffer, closed: boolean): RawResponse | undefined {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) return closed ? { status: 0, headers: {}, body: raw, closed } : undefined;
  const lines = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? Number.NaN);
  const body = raw.subarray(headEnd + 4);
  if (Number.isInteger(length) && body.length >= length) {
    return { status, headers, body: body.subarray(0, length), closed };
  }
  return closed ? { status, headers, body, closed } : undefined;
}

/**
 * Writes bytes a normal client would never send to `port`, and reads one
 * response (complete by Content-Length, or whatever came before the close).
 */
export async function rawExchange(
  port: number,
  data: Buffer | string,
  options: RawExchangeOptions = {},
): Promise<RawResponse> {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  socket.on('error', () => undefined); // a reset is an answer here, seen as `closed`
  const chunks: Buffer[] = [];
  return new Promise<RawResponse>((resolve) => {
    let done = false;
    const finish = (closed: boolean): void => {
      const response = parse(Buffer.concat(chunks), closed);
      if (response === undefined || done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(response);
    };
    const timer = setTimeout(() => {
      finish(true);
    }, options.timeoutMs ?? 5000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      finish(false);
    });
    socket.on('close', () => {
      finish(true);
    });
    socket.write(data);
    const after = (): void => {
      if (options.finish === 'end') socket.end();
      if (options.finish === 'destroy') socket.destroy();
    };
    if (options.then === undefined) {
      after();
    } else {
      const rest = options.then;
      setTimeout(() => {
        if (!socket.destroyed) socket.write(rest, () => undefined);
        after();
      }, options.pauseMs ?? 50);
    }
  });
}

/** A complete, valid XML-RPC POST of `add(2, 3)` to `path`. */
export function addRequest(path = '/', extraHeaders = ''): string {
  const body =
    '<?xml version="1.0"?><methodCall><methodName>add</methodName><params>' +
    '<param><value><int>2</int></value></param><param><value><int>3</int></value></param></params></methodCall>';
  return (
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n${extraHeaders}` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}
