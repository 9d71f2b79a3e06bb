import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

import { replyStatus } from './httpReplies.js';
import type { CallContext } from '../../rpc/index.js';

/** Where a `PendingCall` hands its complete body. */
export interface BodySink<Route> {
  bodyReady(call: PendingCall<Route>, body: Buffer): void;
}

const EMPTY = Buffer.alloc(0);
const PENDING = Symbol('spindle.pendingCall');
type Tagged = IncomingMessage & { [PENDING]?: PendingCall<unknown> };

/**
 * One request whose headers passed the checks and whose body is being read.
 * It is also the call's `CallContext` (fields read lazily from the request).
 * The stream listeners are module-level functions that find their call on the
 * request, so reading a body allocates one object and no closures.
 */
export class PendingCall<Route> implements CallContext {
  /** The first body chunk: with Content-Length the whole body usually arrives as one. */
  public first: Buffer | undefined;
  /** Chunks after the first, only for bodies that arrive in pieces; concatenated once at the end. */
  public rest: Buffer[] | undefined;
  /** Bytes received so far. */
  public size = 0;
  /** When the caller stops waiting (`Spindle-Timeout` after the headers arrived), in `performance.now()` ms. */
  public readonly deadlineAt: number | undefined;

  public constructor(
    public readonly req: IncomingMessage,
    public readonly res: ServerResponse,
    public readonly route: Route,
    /** The user Basic auth admitted, if any. */
    public readonly user: string | undefined,
    public readonly gzipped: boolean,
    public readonly maxBodyBytes: number,
    private readonly sink: BodySink<Route>,
  ) {
    const timeout = req.headers['spindle-timeout'];
    this.deadlineAt = timeout === undefined ? undefined : deadlineFrom(timeout);
  }

  /** The caller's `X-Request-Id` header (capped). */
  public get requestId(): string | undefined {
    const id = this.req.headers['x-request-id'];
    return typeof id === 'string' ? id.slice(0, 200) : undefined;
  }

  /** The peer's IP address. */
  public get remoteAddress(): string | undefined {
    return this.req.socket.remoteAddress;
  }

  /** The URL path the request came on, without its query. */
  public get path(): string | undefined {
    const url = this.req.url;
    if (url === undefined) return undefined;
    const query = url.indexOf('?');
    return query < 0 ? url : url.slice(0, query);
  }

  /** The subject of the client's TLS certificate, if it presented one. */
  public get clientSubject(): Readonly<Record<string, string>> | undefined {
    const socket = this.req.socket as Partial<TLSSocket>;
    if (typeof socket.getPeerCertificate !== 'function') return undefined;
    // Without a client certificate Node gives an empty object: no subject at all.
    const subject = (socket.getPeerCertificate() as { subject?: Record<string, string | string[]> }).subject;
    if (subject === undefined) return undefined;
    return Object.fromEntries(
      Object.entries(subject).map(([field, value]) => [
        field,
        Array.isArray(value) ? value.join(', ') : value,
      ]),
    );
  }

  /** The request headers as call metadata: names in lower case, credentials left out. */
  public get metadata(): Readonly<Record<string, string>> {
    const metadata: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.req.headers)) {
      if (value === undefined || name === 'authorization' || name === 'proxy-authorization') continue;
      metadata[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return metadata;
  }

  /** True once the connection closed before the answer was written. */
  public get callerGone(): boolean {
    return this.res.destroyed && !this.res.writableFinished;
  }

  /** Runs `listener` if the connection closes before the answer is written. */
  public watchCaller(listener: () => void): () => void {
    const res = this.res;
    const onClose = (): void => {
      if (!res.writableFinished) listener();
    };
    res.once('close', onClose);
    return () => res.off('close', onClose);
  }

  /** Starts reading. A client that disconnects mid-body never reaches 'end': nothing runs. */
  public read(): void {
    (this.req as Tagged)[PENDING] = this;
    this.req.on('data', onData);
    this.req.on('end', onEnd);
  }

  /** Called by `onEnd` with the whole body. */
  public finish(): void {
    const first = this.first ?? EMPTY;
    const body = this.rest === undefined ? first : Buffer.concat([first, ...this.rest], this.size);
    this.sink.bodyReady(this, body);
  }
}

function onData(this: IncomingMessage, chunk: Buffer): void {
  const call = (this as Tagged)[PENDING];
  if (call === undefined) return;
  call.size += chunk.length;
  if (call.size > call.maxBodyBytes) {
    // Over the cap while streaming (chunked): stop collecting, answer 413 and close.
    this.off('data', onData);
    this.off('end', onEnd);
    replyStatus(call.res, 413, [], true);
    return;
  }
  if (call.first === undefined) call.first = chunk;
  else if (call.rest === undefined) call.rest = [chunk];
  else call.rest.push(chunk);
}

function onEnd(this: IncomingMessage): void {
  (this as Tagged)[PENDING]?.finish();
}

/** Longest `Spindle-Timeout` read: 9 digits (11.5 days), like gRPC's 8-digit timeouts. */
const TIMEOUT_DIGITS = /^\d{1,9}$/;

/**
 * The deadline a `Spindle-Timeout: <milliseconds>` header gives, counted from
 * now (the headers' arrival); undefined for a value that is not 1 to 9 digits.
 */
function deadlineFrom(header: string | string[]): number | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined || !TIMEOUT_DIGITS.test(text)) return undefined;
  return performance.now() + Number(text);
}
