/**
 * Raw HTTP/1.1 over a plain socket, for tests that send what a normal client
 * never would (malformed, slow, truncated or oversized requests) and read
 * whatever comes back, including a close without an answer.
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** One piece of what the client writes, after an optional pause. */
export interface Part {
  readonly data: Buffer | string;
  /** Pause before writing this part. @default 0 */
  readonly delayMs?: number;
}

/** Everything the client does on one connection. */
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

/** Options of `rawExchange`. */
export interface RawExchangeOptions {
  /** Give up waiting after this long (the reply then says `timedOut`). @default 10000 */
  readonly timeoutMs?: number;
  /** Resolve only once the server closes the connection (or `timeoutMs`). @default false */
  readonly waitForClose?: boolean;
  /** Source address, e.g. 127.0.0.2 to act as a second client host. @default the system's choice */
  readonly localAddress?: string;
}

/**
 * Plays `plan` (or writes `plan`'s bytes in one go) against 127.0.0.1:`port`
 * and reads one response (complete by Content-Length, or whatever came before
 * the close). With `waitForClose`, resolves only when the server closes the
 * connection (or `timeoutMs`), which is how tests check that a server drops a
 * connection rather than keeping it.
 */
export function rawExchange(
  port: number,
  plan: RawPlan | Buffer | string,
  options: RawExchangeOptions = {},
): Promise<RawReply> {
  const { parts, finish } =
    typeof plan === 'string' || Buffer.isBuffer(plan) ? { parts: [{ data: plan }] } : plan;
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
      for (const part of parts) {
        if (part.delayMs !== undefined && part.delayMs > 0) await delay(part.delayMs);
        if (socket.destroyed || !socket.writable) return; // settled: settle() destroys the socket
        const flushed = socket.write(part.data);
        if (!flushed) await new Promise((drained) => socket.once('drain', drained).once('close', drained));
      }
      if (socket.destroyed) return;
      if (finish === 'end') socket.end();
      if (finish === 'destroy') socket.destroy();
    })();
  });
}
