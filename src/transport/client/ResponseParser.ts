import type { ResponseHeaders } from './parseHeaders.js';
import { MalformedResponse, parseHeaders } from './parseHeaders.js';

export type { ResponseHeaders } from './parseHeaders.js';
export { MalformedResponse } from './parseHeaders.js';

/** The status line and headers of one response. */
export interface ResponseHead {
  readonly status: number;
  readonly statusMessage: string;
  readonly headers: ResponseHeaders;
  /** Whether the connection may carry another request after this response. */
  readonly keepAlive: boolean;
}

/** How much of a body to read. */
export interface BodyLimit {
  /** The most body bytes to read. */
  readonly maxBytes: number;
  /**
   * Whether a longer body is just cut (an error page, of which only the start
   * matters) rather than refused as soon as its declared length is known.
   */
  readonly truncate: boolean;
}

/** Where a parser delivers what it read; every method is called at most once per response. */
export interface ResponseSink {
  /** The head of a final (non-1xx) response; returns how much of the body to read. */
  head(head: ResponseHead): BodyLimit;
  /** The whole body arrived (`body` is the raw, still encoded bytes). */
  complete(body: Buffer): void;
  /** The body passed the limit `head` returned; `start` holds the bytes read so far. */
  overflow(start: Buffer): void;
}

/** Largest status line plus headers accepted (Node's own limit is 16 KiB). */
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_FRAMING_LINE = 4096;
const CRLF = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
const DIGITS = /^\d{1,15}$/;
const HEX = /^[0-9a-fA-F]{1,12}$/;

const enum State {
  Head,
  Fixed,
  ChunkSize,
  ChunkData,
  ChunkEnd,
  Trailers,
  UntilClose,
  Done,
}

/**
 * An incremental HTTP/1.1 response reader for one connection: status line,
 * headers, then a `Content-Length`, chunked or close-delimited body, collected
 * into one Buffer under the limit the sink gives. Interim 1xx answers are
 * skipped. `execute` throws `MalformedResponse` on anything it cannot read.
 *
 * The bytes given to `execute` are only borrowed (the socket reads into one
 * reused buffer): what the parser keeps, it copies.
 */
export class ResponseParser {
  private state = State.Head;
  private pending: Buffer | undefined;
  private chunks: Buffer[] = [];
  private size = 0;
  private remaining = 0;
  private limit = 0;
  private received = false;
  private sink: ResponseSink | undefined;

  /** Whether any byte of the current response has arrived. */
  public get started(): boolean {
    return this.received;
  }

  /** Starts reading a new response into `sink`. */
  public expect(sink: ResponseSink): void {
    this.state = State.Head;
    this.pending = undefined;
    this.chunks = [];
    this.size = 0;
    this.received = false;
    this.sink = sink;
  }

  /**
   * Feeds bytes read from the socket; returns how many bytes followed the end
   * of the response (a server that does this cannot be trusted with another
   * request on the connection).
   */
  public execute(input: Buffer): number {
    this.received = true;
    let data = input;
    if (this.pending !== undefined) {
      data = Buffer.concat([this.pending, input]);
      this.pending = undefined;
    }
    while (data.length > 0 && this.state !== State.Done) {
      data = this.step(data);
    }
    return data.length;
  }

  /**
   * The server closed the connection: completes a close-delimited body.
   * Returns false when the response was incomplete.
   */
  public end(): boolean {
    if (this.state !== State.UntilClose) return false;
    this.finish();
    return true;
  }

  /** Reads what it can of `data` in the current state; returns the rest. */
  private step(data: Buffer): Buffer {
    switch (this.state) {
      case State.Head:
        return this.readHead(data);
      case State.Fixed: {
        const take = Math.min(this.remaining, data.length);
        if (!this.append(data, take)) return EMPTY;
        this.remaining -= take;
        if (this.remaining === 0) this.finish();
        return take === data.length ? EMPTY : data.subarray(take);
      }
      case State.ChunkSize: {
        const end = this.lineEnd(data);
        if (end < 0) return EMPTY;
        const sizeText = data.toString('latin1', 0, end).split(';', 1)[0]?.trim() ?? '';
        if (!HEX.test(sizeText)) throw new MalformedResponse(`bad chunk size ${JSON.stringify(sizeText)}`);
        this.remaining = parseInt(sizeText, 16);
        this.state = this.remaining === 0 ? State.Trailers : State.ChunkData;
        return data.subarray(end + 2);
      }
      case State.ChunkData: {
        const take = Math.min(this.remaining, data.length);
        if (!this.append(data, take)) return EMPTY;
        this.remaining -= take;
        if (this.remaining === 0) this.state = State.ChunkEnd;
        return data.subarray(take);
      }
      case State.ChunkEnd: {
        const end = this.lineEnd(data);
        if (end < 0) return EMPTY;
        if (end !== 0) throw new MalformedResponse('chunk not followed by CRLF');
        this.state = State.ChunkSize;
        return data.subarray(2);
      }
      case State.Trailers: {
        const end = this.lineEnd(data);
        if (end < 0) return EMPTY;
        if (end === 0) this.finish();
        return data.subarray(end + 2);
      }
      case State.UntilClose:
        this.append(data, data.length);
        return EMPTY;
      case State.Done:
        return data;
    }
  }

  private readHead(data: Buffer): Buffer {
    const end = data.indexOf(HEAD_END);
    if (end < 0 || end > MAX_HEAD_BYTES) {
      if (data.length > MAX_HEAD_BYTES) throw new MalformedResponse('response headers too large');
      this.keep(data);
      return EMPTY;
    }
    const text = data.toString('latin1', 0, end);
    const rest = data.subarray(end + 4);
    const lineEnd = text.indexOf('\r\n');
    const statusLine = lineEnd < 0 ? text : text.slice(0, lineEnd);
    const status = parseStatusLine(statusLine);
    // An interim answer (100 Continue, 103 Early Hints): the real one follows.
    if (status < 200) return rest;
    const headers = parseHeaders(text, lineEnd < 0 ? text.length : lineEnd + 2);
    const connection = headers['connection'];
    const close = typeof connection === 'string' && /\bclose\b/i.test(connection);
    let keepAlive =
      statusLine.charCodeAt(7) === 0x31
        ? !close
        : typeof connection === 'string' && /\bkeep-alive\b/i.test(connection);
    const transferEncoding = headers['transfer-encoding'];
    const chunked = transferEncoding !== undefined && /\bchunked\b/i.test(String(transferEncoding));
    const lengthText = headers['content-length'];
    const sink = this.sink;
    if (sink === undefined) throw new MalformedResponse('a response nobody asked for');
    const statusMessage = statusLine.slice(13);
    if (status === 204 || status === 304) {
      this.limit = sink.head({ status, statusMessage, headers, keepAlive }).maxBytes;
      this.finish();
      return rest;
    }
    if (chunked) {
      this.state = State.ChunkSize;
    } else if (lengthText !== undefined) {
      this.remaining = contentLength(String(lengthText));
      this.state = State.Fixed;
    } else {
      keepAlive = false;
      this.state = State.UntilClose;
    }
    const limit = sink.head({ status, statusMessage, headers, keepAlive });
    this.limit = limit.maxBytes;
    if (this.state === State.Fixed) {
      if (this.remaining > this.limit && !limit.truncate) {
        this.overflow();
        return EMPTY;
      }
      if (this.remaining === 0) this.finish();
    }
    return rest;
  }

  /** Where the CRLF ending a framing line is, or -1 (the line kept pending) when it has not come yet. */
  private lineEnd(data: Buffer): number {
    const end = data.indexOf(CRLF);
    if (end < 0) {
      if (data.length > MAX_FRAMING_LINE) throw new MalformedResponse('chunk framing line too long');
      this.keep(data);
    }
    return end;
  }

  private keep(data: Buffer): void {
    this.pending = Buffer.from(data);
  }

  /** Copies the first `count` bytes of `data` into the body; false (and the sink told) past the limit. */
  private append(data: Buffer, count: number): boolean {
    if (this.size + count > this.limit) {
      this.chunks.push(Buffer.from(data.subarray(0, this.limit - this.size)));
      this.size = this.limit;
      this.overflow();
      return false;
    }
    this.chunks.push(Buffer.from(count === data.length ? data : data.subarray(0, count)));
    this.size += count;
    return true;
  }

  private overflow(): void {
    this.state = State.Done;
    const sink = this.sink;
    this.sink = undefined;
    sink?.overflow(this.collected());
  }

  private finish(): void {
    this.state = State.Done;
    const sink = this.sink;
    this.sink = undefined;
    sink?.complete(this.collected());
  }

  private collected(): Buffer {
    const chunks = this.chunks;
    this.chunks = [];
    if (chunks.length === 0) return EMPTY;
    const [only] = chunks;
    return chunks.length === 1 && only !== undefined ? only : Buffer.concat(chunks, this.size);
  }
}

/** The status code of `HTTP/1.x NNN reason`. */
function parseStatusLine(line: string): number {
  const ok =
    line.startsWith('HTTP/1.') &&
    (line.charCodeAt(7) === 0x30 || line.charCodeAt(7) === 0x31) &&
    line.charCodeAt(8) === 0x20 &&
    (line.length === 12 || line.charCodeAt(12) === 0x20);
  const status = ok ? Number(line.slice(9, 12)) : NaN;
  if (!Number.isInteger(status) || status < 100) {
    throw new MalformedResponse(`not an HTTP/1.x status line: ${JSON.stringify(line.slice(0, 80))}`);
  }
  return status;
}

/** A `Content-Length` value: digits, repeated identical values tolerated (as Node does). */
function contentLength(text: string): number {
  if (DIGITS.test(text)) return Number(text);
  const parts = text.split(',');
  const first = parts[0]?.trim() ?? '';
  if (!DIGITS.test(first) || parts.some((part) => part.trim() !== first)) {
    throw new MalformedResponse(`bad Content-Length ${JSON.stringify(text)}`);
  }
  return Number(first);
}
