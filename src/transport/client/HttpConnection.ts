import type net from 'node:net';
import type tls from 'node:tls';

import type { ConnectTarget, SocketSink } from './connectSocket.js';
import { connectSocket } from './connectSocket.js';
import type { BodyLimit, ResponseHead, ResponseSink } from './ResponseParser.js';
import { keepAliveMs } from './keepAliveMs.js';
import { ResponseParser } from './ResponseParser.js';

/** The one exchange a connection serves at a time: told once of its response or failure. */
export interface ConnectionUser {
  /** The whole request was handed to the operating system. */
  onSent(): void;
  /** The response arrived; `complete` is false when its body passed the limit and was cut. */
  onResponse(head: ResponseHead, body: Buffer, complete: boolean): void;
  /** The connection failed (socket error, early close, unreadable response) while serving this user. */
  onFailure(error: unknown): void;
}

/** What a connection tells its pool. */
export interface ConnectionOwner {
  /**
   * The connection finished a response. `reusable` when the response lets it
   * carry another request (`keep-alive`, whole, nothing after it); `announced`
   * when the server also said how long it keeps it (`Keep-Alive: timeout=N`).
   * Returns whether the pool keeps the connection; when not, it closes.
   */
  responded(connection: HttpConnection, reusable: boolean, announced: boolean): boolean;
  /** The connection is gone (closed, failed, or destroyed). */
  forget(connection: HttpConnection): void;
}

const EMPTY = Buffer.alloc(0);
/** Limit of an error page body: only its start is shown. */
const ERROR_PAGE_LIMIT: BodyLimit = { maxBytes: 1024, truncate: true };

/** An error with a socket-like code, for closes Node does not report as errors. */
function closedEarly(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' });
}

/** Bytes a socket still holds in user space (a function: each call reads it afresh). */
function unwritten(socket: net.Socket): number {
  return socket.writableLength;
}

/**
 * One keep-alive HTTP/1.1 connection (a `net` or `tls` socket) serving one
 * request at a time: it writes each request in one `write`, feeds the answer
 * to a `ResponseParser`, and goes back to its pool when the response said the
 * connection may be kept. While idle its socket is unref'd, and any byte or
 * close from the server retires it.
 */
export class HttpConnection implements ResponseSink, SocketSink {
  /** The TCP connection is open. */
  public connected = false;
  /** The TLS handshake finished. */
  public secured = false;
  /** Responses read on this connection so far: a reused connection may be stale. */
  public served = 0;
  /** The pool's count of responses when this connection's current request was handed to it (see `KeepAliveTrust`). */
  public startedAfter = 0;
  /**
   * Until when (`performance.now()` time) the connection may carry another
   * request: the server's `Keep-Alive: timeout=N` less a margin for the trip,
   * or forever when it names none (it then closes idle connections itself).
   */
  public reusableUntil = Infinity;
  /** The socket requests go on; the proxy's raw socket until its CONNECT tunnel is open. */
  private socket: net.Socket;
  /** The CONNECT tunnel is not open yet: a request waits in `deferred`. */
  private tunnelling = false;
  private readonly secure: boolean;
  private user: ConnectionUser | undefined;
  private received: ResponseHead | undefined;
  private body: Buffer | undefined;
  private whole = false;
  /** A write is still on its way to the kernel: the connection cannot be reused before it is. */
  private writing = false;
  private parked = false;
  private dead = false;
  /**
   * The request waiting for the connection to settle (see `dispatch`), its
   * user already in `user`; nothing of it has been written.
   */
  private deferred: Buffer | undefined;
  /** After a response from a server that did not announce its keep-alive time: see `dispatch`. */
  private settling = false;
  private readonly settled = (): void => {
    this.settling = false;
    const request = this.deferred;
    const user = this.user;
    this.deferred = undefined;
    if (request !== undefined && user !== undefined && !this.dead) this.transmit(request, user);
  };
  private readonly parser = new ResponseParser();
  private readonly resultLimit: BodyLimit;
  private readonly afterWrite = (error?: Error | null): void => {
    this.writing = false;
    if (error === undefined || error === null) this.user?.onSent();
  };

  public constructor(
    target: ConnectTarget,
    private readonly owner: ConnectionOwner,
    private readonly maxResponseBytes: number,
  ) {
    this.secure = target.tls !== undefined;
    this.resultLimit = { maxBytes: maxResponseBytes, truncate: false };
    this.socket = connectSocket(target, this);
    this.tunnelling = this.secure && target.tunnel !== undefined;
  }

  /** Whether any byte of the current response has arrived. */
  public get responseStarted(): boolean {
    return this.parser.started;
  }

  /** Sends `request` (head and body in one buffer) for `user`. */
  public send(request: Buffer, user: ConnectionUser): void {
    this.user = user;
    if (this.dead || this.socket.destroyed) {
      // Closed by Node (an error not yet emitted) while it waited in the pool.
      this.fail(closedEarly('the pooled connection was already closed'));
      return;
    }
    if (this.parked) {
      this.parked = false;
      this.socket.ref();
    }
    this.received = undefined;
    this.body = undefined;
    this.parser.expect(this);
    if (this.settling || this.tunnelling) {
      this.deferred = request;
      return;
    }
    this.transmit(request, user);
  }

  /** Writes `request`, telling `user` once it is in the kernel's hands. */
  private transmit(request: Buffer, user: ConnectionUser): void {
    const socket = this.socket;
    if (this.connected && this.secured === this.secure && !socket.connecting && socket.writableLength === 0) {
      // The usual case: an open, idle socket takes the request at once (libuv
      // tries the write synchronously), and no callback is needed to know it.
      socket.write(request);
      if (unwritten(socket) === 0) {
        user.onSent();
        return;
      }
      this.writing = true;
      socket.write(EMPTY, this.afterWrite);
      return;
    }
    this.writing = true;
    socket.write(request, this.afterWrite);
  }

  /** Closes the socket at once; the current user, if any, is not told. */
  public destroy(): void {
    this.user = undefined;
    this.deferred = undefined;
    this.retire();
  }

  /** Closes the socket at once; the current user, if any, fails with `error`. */
  public abort(error: unknown): void {
    this.fail(error);
  }

  /** Parked in the pool: the socket must not keep the process alive. */
  public park(): void {
    this.parked = true;
    this.socket.unref();
  }

  /** @internal ResponseSink */
  public head(head: ResponseHead): BodyLimit {
    this.received = head;
    return head.status === 200 ? this.resultLimit : ERROR_PAGE_LIMIT;
  }

  /** @internal ResponseSink */
  public complete(body: Buffer): void {
    this.body = body;
    this.whole = true;
  }

  /** @internal ResponseSink */
  public overflow(start: Buffer): void {
    this.body = start;
    this.whole = false;
  }

  /** @internal SocketSink */
  public get closed(): boolean {
    return this.dead;
  }

  /** @internal SocketSink */
  public onTunnel(socket: tls.TLSSocket): void {
    this.tunnelling = false;
    this.socket = socket;
    this.settled(); // sends the request that waited for the tunnel
  }

  /** @internal SocketSink */
  public onEnd(): void {
    if (this.user !== undefined && this.deferred === undefined && this.parser.end()) {
      this.dispatch(0);
      return;
    }
    this.fail(closedEarly('the server closed the connection before the whole response'));
  }

  /** @internal SocketSink */
  public onError(error: unknown): void {
    this.fail(error);
  }

  /** @internal SocketSink */
  public onClose(): void {
    this.fail(closedEarly('the connection closed before the whole response'));
  }

  /** @internal SocketSink */
  public onData(chunk: Buffer): void {
    if (this.user === undefined || this.deferred !== undefined) {
      // Bytes nobody asked for: the connection cannot be trusted any more.
      this.fail(closedEarly('the server sent bytes nobody asked for'));
      return;
    }
    let extra: number;
    try {
      extra = this.parser.execute(chunk);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (this.body !== undefined) this.dispatch(extra);
  }

  /** Hands the finished response to its user; the connection goes back to the pool or away. */
  private dispatch(extra: number): void {
    const user = this.user;
    const head = this.received;
    const body = this.body;
    if (user === undefined || head === undefined || body === undefined) return;
    this.user = undefined;
    this.served += 1;
    const complete = this.whole;
    const keepFor = keepAliveMs(head.headers['keep-alive']);
    if (keepFor !== undefined) this.reusableUntil = performance.now() + keepFor;
    const reusable =
      complete && head.keepAlive && extra === 0 && !this.writing && !this.dead && keepFor !== 0;
    if (reusable && keepFor === undefined) {
      // A server that does not say how long it keeps a connection may close
      // it right after this answer, even one the pool learnt to trust
      // (KeepAliveTrust). The next request waits until the loop has read what
      // followed (two turns: this one's check phase comes before its next
      // poll), so a close already on its way is seen before anything is
      // sent, and the request goes on a new connection.
      this.settling = true;
      setImmediate(() => setImmediate(this.settled));
    }
    if (!this.owner.responded(this, reusable, keepFor !== undefined && keepFor > 0)) this.retire();
    user.onResponse(head, body, complete);
  }

  private fail(error: unknown): void {
    const user = this.user;
    this.user = undefined;
    this.deferred = undefined;
    this.retire();
    user?.onFailure(error);
  }

  private retire(): void {
    if (this.dead) return;
    this.dead = true;
    this.socket.destroy();
    this.owner.forget(this);
  }
}
