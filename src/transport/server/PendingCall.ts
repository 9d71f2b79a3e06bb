import type { IncomingMessage, ServerResponse } from 'node:http';

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

  public constructor(
    public readonly req: IncomingMessage,
    public readonly res: ServerResponse,
    public readonly route: Route,
    /** The user Basic auth admitted, if any. */
    public readonly user: string | undefined,
    public readonly gzipped: boolean,
    public readonly maxBodyBytes: number,
    private readonly sink: BodySink<Route>,
  ) {}

  /** The caller's `X-Request-Id` header (capped). */
  public get requestId(): string | undefined {
    const id = this.req.headers['x-request-id'];
    return typeof id === 'string' ? id.slice(0, 200) : undefined;
  }

  /** The peer's IP address. */
  public get remoteAddress(): string | undefined {
    return this.req.socket.remoteAddress;
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
