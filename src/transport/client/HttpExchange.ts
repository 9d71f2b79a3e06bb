import type { ConnectionUser, HttpConnection } from './HttpConnection.js';
import { inflateBody, responseTooLarge } from './inflateBody.js';
import { ProtocolError } from './ProtocolError.js';
import type { ResponseHead } from './ResponseParser.js';
import { MalformedResponse } from './ResponseParser.js';
import type { AttemptProgress } from './toTransportError.js';
import { CallAborted, CallTimedOut, isResetError, toTransportError } from './toTransportError.js';
import { TransportError } from '../TransportError.js';

/** What an exchange needs of its transport: the connection pool and a few settings. */
export interface ExchangeHost {
  readonly description: string;
  readonly secure: boolean;
  readonly maxResponseBytes: number;
  /** Hands the exchange a connection (`attach`) now or when one is free; `fresh` skips idle ones. */
  acquire(exchange: HttpExchange, fresh: boolean): void;
  /** Drops the exchange from the queue of those waiting for a connection. */
  cancelWait(exchange: HttpExchange): void;
}

/**
 * One call's trip through the pool: it waits for a connection, sends the
 * request, and settles exactly once with the (inflated) body of a 200 answer
 * or a `TransportError` whose outcome follows what had happened when it
 * failed (`toTransportError`). A reused keep-alive connection that turns out
 * to have been closed by the server (reset or closed before any response
 * byte) is retried once on a fresh connection, within the same deadline.
 */
export class HttpExchange implements ConnectionUser {
  private connection: HttpConnection | undefined;
  private readonly progress: { -readonly [K in keyof AttemptProgress]: AttemptProgress[K] };
  private reused = false;
  private retried = false;
  private settled = false;
  private readonly timer: NodeJS.Timeout;
  private readonly onAbort: (() => void) | undefined;

  public constructor(
    private readonly host: ExchangeHost,
    private readonly request: Buffer,
    timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
    private readonly resolve: (body: Buffer) => void,
    private readonly reject: (error: TransportError) => void,
  ) {
    this.progress = {
      url: host.description,
      connected: false,
      secured: false,
      tls: host.secure,
      sent: false,
      responseStarted: false,
    };
    this.timer = setTimeout(() => {
      this.fail(new CallTimedOut(timeoutMs));
    }, timeoutMs);
    if (signal !== undefined) {
      this.onAbort = () => {
        this.fail(new CallAborted(signal.reason));
      };
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
  }

  /** Starts the exchange (after construction, so a synchronous answer finds it whole). */
  public start(): void {
    if (this.signal?.aborted === true) {
      this.fail(new CallAborted(this.signal.reason));
      return;
    }
    this.host.acquire(this, false);
  }

  /** Sends the request on `connection`, which the pool gave this exchange. */
  public attach(connection: HttpConnection): void {
    this.connection = connection;
    this.reused = connection.served > 0;
    this.progress.sent = false;
    connection.send(this.request, this);
  }

  /** @internal ConnectionUser */
  public onSent(): void {
    this.progress.sent = true;
  }

  /** @internal ConnectionUser */
  public onResponse(head: ResponseHead, body: Buffer, complete: boolean): void {
    this.detach();
    this.progress.responseStarted = true;
    const url = this.host.description;
    if (head.status !== 200) {
      this.fail(
        new ProtocolError(url, head.status, head.statusMessage, {
          headers: head.headers,
          bodyStart: body.toString('utf8'),
        }),
      );
      return;
    }
    if (!complete) {
      this.fail(responseTooLarge(url, this.host.maxResponseBytes));
      return;
    }
    const encoding = head.headers['content-encoding'];
    if (encoding === undefined) {
      this.succeed(body);
      return;
    }
    inflateBody(body, String(encoding), url, this.host.maxResponseBytes, (error, inflated) => {
      if (error !== undefined || inflated === undefined) this.fail(error);
      else this.succeed(inflated);
    });
  }

  /** @internal ConnectionUser */
  public onFailure(error: unknown): void {
    const stale = this.reused && !this.retried && !this.responseStarted() && isResetError(error);
    this.detach();
    if (stale && !this.settled) {
      this.retried = true;
      this.progress.connected = false;
      this.progress.secured = false;
      this.progress.sent = false;
      this.progress.responseStarted = false;
      this.host.acquire(this, true);
      return;
    }
    this.fail(error);
  }

  private responseStarted(): boolean {
    return this.connection?.responseStarted ?? this.progress.responseStarted;
  }

  /** Copies the connection's state into the progress and lets go of it. */
  private detach(): void {
    const connection = this.connection;
    if (connection === undefined) return;
    this.progress.connected = connection.connected;
    this.progress.secured = connection.secured;
    this.progress.responseStarted = connection.responseStarted;
    this.connection = undefined;
  }

  private succeed(body: Buffer): void {
    if (this.settled) return;
    this.settled = true;
    this.cleanup();
    this.resolve(body);
  }

  private fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    const connection = this.connection;
    this.detach();
    this.cleanup();
    // A connection still serving this call is mid-exchange: it cannot be reused.
    connection?.destroy();
    this.host.cancelWait(this);
    const reported =
      error instanceof MalformedResponse
        ? new TransportError(
            'SPINDLE_CLIENT_BAD_RESPONSE',
            `${this.host.description}: not a readable HTTP response (${error.message})`,
            'unknown',
            this.host.description,
            { cause: error },
          )
        : toTransportError(error, this.progress);
    this.reject(reported);
  }

  private cleanup(): void {
    clearTimeout(this.timer);
    if (this.onAbort !== undefined) this.signal?.removeEventListener('abort', this.onAbort);
  }
}
