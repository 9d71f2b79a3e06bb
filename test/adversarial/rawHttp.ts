import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

/** One piece of what a hostile client writes, after an optional pause. */
export interface Part {
  readonly data: Buffer | string;
  /** Pause before writing this part. @default 0 */
  readonly delayMs?: number;
}

/** Everything a hostile client does on one connection. */
export interface RawPlan {
  readonly parts: readonly Part[];
  /** After the last part: keep the socket open, half-close it, or drop it. @default 'none' */
  readonly finish?: 'none' | 'end' | 'destroy';
}

/** What came back on the connection. */
export interface RawReply {
  /** The status code, or 0 when the server closed (or we gave up) without an answer. */
  readonly status: number;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** Whether the server closed or reset the connection. */
  readonly closed: boolean;
  /** Milliseconds from connect to the answer or the close. */
  readonly elapsedMs: number;
  /** Every byte received on the connection. */
  readonly raw: Buffer;
  /** Whether we gave up waiting (`timeoutMs`) rather than the server answering or closing. */
  readonly timedOut: boolean;
}

function parseReply(
  raw: Buffer,
  closed: boolean,
  elapsedMs: number,
  timedOut: boolean,
): RawReply | undefined {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0)
    return closed ? { status: 0, headers: {}, body: raw, closed, elapsedMs, timedOut, raw } : undefined;
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
    return { status, headers, body: body.subarray(0, length), closed, elapsedMs, timedOut, raw };
  }
  return closed ? { status, headers, body, closed, elapsedMs, timedOut, raw } : undefined;
}

/**
 * Plays `plan` against 127.0.0.1:`port` and reads one response (complete by
 * Content-Length, or whatever came before the close). With `waitForClose`,
 * resolves only when the server closes the connection (or `timeoutMs`), which
 * is how tests check that a server drops a connection rather than keeping it.
 */
export function rawExchange(
  port: number,
  plan: RawPlan,
  options: {
    readonly timeoutMs?: number;
    readonly waitForClose?: boolean;
    /** Source address, e.g. 127.0.0.2 to act as a second client host. @default the system's choice */
    readonly localAddress?: string;
  } = {},
): Promise<RawReply> {
  const started = Date.now();
  const socket: Socket = connect({
    host: '127.0.0.1',
    port,
    ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
  });
  socket.on('error', () => undefined); // a reset is an answer here, seen as `closed`
  const chunks: Buffer[] = [];
  let timer: NodeJS.Timeout | undefined;
  return new Promise<RawReply>((resolve) => {
    let done = false;
    const settle = (closed: boolean, timedOut = false): void => {
      if (done) return;
      if (options.waitForClose === true && !closed) return;
      const reply = parseReply(Buffer.concat(chunks), closed, Date.now() - started, timedOut);
      if (reply === undefined) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(reply);
    };
    timer = setTimeout(() => {
      settle(true, true);
    }, options.timeoutMs ?? 10_000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      settle(false);
    });
    socket.on('close', () => {
      settle(true);
    });
    void (async () => {
      for (const part of plan.parts) {
        if (part.delayMs !== undefined && part.delayMs > 0) await sleep(part.delayMs);
        if (socket.destroyed || !socket.writable) return; // settled: settle() destroys the socket
        const flushed = socket.write(part.data);
        if (!flushed) await new Promise((drained) => socket.once('drain', drained).once('close', drained));
      }
      if (socket.destroyed) return;
      if (plan.finish === 'end') socket.end();
      if (plan.finish === 'destroy') socket.destroy();
    })();
  });
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Options of `post`. */
export interface PostOptions {
  readonly path?: string;
  /** `null` leaves the header out. @default "text/xml" */
  readonly contentType?: string | null;
  /** Gzip the body and say so. @default false */
  readonly gzip?: boolean;
  /** Extra header lines, each without CRLF. @default [] */
  readonly headers?: readonly string[];
}

/** The path every attack targets. */
export const SERVICE_PATH = '/Target';

/** A complete POST of `body` as one part. */
export function post(body: Buffer | string, options: PostOptions = {}): RawPlan {
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const payload = options.gzip === true ? gzipSync(raw) : raw;
  const lines = [`POST ${options.path ?? SERVICE_PATH} HTTP/1.1`, 'Host: 127.0.0.1'];
  const contentType = options.contentType === undefined ? 'text/xml' : options.contentType;
  if (contentType !== null) lines.push(`Content-Type: ${contentType}`);
  if (options.gzip === true) lines.push('Content-Encoding: gzip');
  lines.push(...(options.headers ?? []), `Content-Length: ${payload.length}`, '', '');
  return { parts: [{ data: Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), payload]) }] };
}

/** A `<methodCall>` of `method` with `paramsXml` inside `<params>`. */
export function callXml(method: string, ...values: string[]): string {
  const params = values.map((v) => `<param><value>${v}</value></param>`).join('');
  return `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params}</params></methodCall>`;
}

/** A `system.multicall` entry struct calling `method` with `paramsXml` values. */
export function multicallEntry(method: string, ...values: string[]): string {
  const params = values.map((v) => `<value>${v}</value>`).join('');
  return (
    `<value><struct><member><name>methodName</name><value><string>${method}</string></value></member>` +
    `<member><name>params</name><value><array><data>${params}</data></array></value></member></struct></value>`
  );
}

/** A `system.multicall` call of the given entry structs. */
export function multicallXml(entries: readonly string[] | string): string {
  const data = typeof entries === 'string' ? entries : entries.join('');
  return callXml('system.multicall', `<array><data>${data}</data></array>`);
}
