import type { DeadlineWatch, Expiring } from './DeadlineWatch.js';
import type { ConnectionUser, HttpConnection } from './HttpConnection.js';
import { inflateBody, responseTooLarge } from './inflateBody.js';
import { ProtocolError } from './ProtocolError.js';
import type { ResponseHead } from './ResponseParser.js';
import { MalformedResponse } from './ResponseParser.js';
import type { AttemptProgress } from './toTransportError.js';
import { CallAborted, CallTimedOut, isResetError, toTransportError } from './toTransportError.js';
import { TransportError } from '../../rpc/index.js';

/** What an exchange needs of its transport: the connection pool and a few settings. */
export interface ExchangeHost {
  readonly description: string;
  readonly secure: boolean;
  readonly maxResponseBytes: number;
  /** Hands the exchange a connection (`attach`) now or when one is free; `fresh` skips idle ones. */
  acquire(exchange: HttpExchange, fresh: boolean): void;
  /** Drops the exchange from the queue of those waiting for a connection. */
  cancelWait(exchange: HttpExchange): void;
  /** Watches the deadlines of the exchanges in flight. */
  readonly deadlines: DeadlineWatch<HttpExchange>;
}

/**
 * One call's trip through the pool: it waits for a connection, sends the
 * request, and settles exactly once with the (inflated) body of a 200 answer
 * or a `TransportError` whose outcome follows what had happened when it
 * failed (`toTransportError`). A reused keep-alive connection found closed
 * before the request was written is replaced by a fresh one, once. One that
 * fails after it was written, before any response byte, is retried once on a
 * fresh connection only for an idempotent call, within the same deadline; any
 * other call fails `unknown` then, since the server may have died running it.
 * A retried call that fails again stays `unknown` even when the new connection
 * was refused: its first attempt may have run.
 */
export class HttpExchange implements ConnectionUser, Expiring {
  /** When the call times out, in `performance.now()` time. */
  public readonly deadline: number;
  private connection: HttpConnection | undefined;
  // What the attempt had done, for the outcome of a failure (see AttemptProgress).
  private connected = false;
  private secured = false;
  private sent = false;
  private responseStarted = false;
  private reused = false;
  private retried = false;
  /** The failure of a first attempt that was sent (so may have run) before the call was sent again. */
  private mayHaveRun: TransportError | undefined;
  private settled = false;
  private onAbort: (() => void) | undefined;

  public constructor(
    private readonly host: ExchangeHost,
    private readonly request: Buffer,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal | undefined,
    private readonly idempotent: boolean,
    private readonly resolve: (body: Buffer) => void,
    private readonly reject: (error: TransportError) => void,
  ) {
    this.deadline = performance.now() + timeoutMs;
  }

  /** Starts the exchange (after construction, so a synchronous answer finds it whole). */
  public start(): void {
    const signal = this.signal;
    if (signal !== undefined) {
      if (signal.aborted) {
        this.fail(new CallAborted(signal.reason));
        return;
      }
      this.onAbort = () => {
        this.fail(new CallAborted(signal.reason));
      };
      signal.addEventListener('abort', this.onAbort, { once: true });
    }
    this.host.deadlines.add(this);
    this.host.acquire(this, false);
  }

  /** @internal Expiring: the deadline passed. */
  public expire(): void {
    this.fail(new CallTimedOut(this.timeoutMs));
  }

  /** Sends the request on `connection`, which the pool gave this exchange. */
  public attach(connection: HttpConnection): void {
    this.connection = connection;
    this.reused = connection.served > 0;
    this.sent = false;
    connection.send(this.request, this);
  }

  /** @internal ConnectionUser */
  public onSent(): void {
    this.sent = true;
  }

  /** @internal ConnectionUser */
  public onResponse(head: ResponseHead, body: Buffer, complete: boolean): void {
    this.detach();
    this.responseStarted = true;
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
    this.detach();
    // On a reused connection, a close before anything was sent is safe to
    // retry for any call; a reset after sending only for an idempotent one.
    if (
      this.reused &&
      !this.retried &&
      !this.responseStarted &&
      !this.settled &&
      isResetError(error) &&
      (this.idempotent || !this.sent)
    ) {
      this.retried = true;
      if (this.sent) this.mayHaveRun = toTransportError(error, this.progress());
      this.connected = false;
      this.secured = false;
      this.sent = false;
      this.host.acquire(this, true);
      return;
    }
    this.fail(error);
  }

  /** Copies the connection's state into the progress and lets go of it. */
  private detach(): void {
    const connection = this.connection;
    if (connection === undefined) return;
    this.connected = connection.connected;
    this.secured = connection.secured;
    this.responseStarted = connection.responseStarted;
    this.connection = undefined;
  }

  private progress(): AttemptProgress {
    return {
      url: this.host.description,
      connected: this.connected,
      secured: this.secured,
      tls: this.host.secure,
      sent: this.sent,
      responseStarted: this.responseStarted,
    };
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
        : toTransportError(error, this.progress());
    const first = this.mayHaveRun;
    this.reject(
      first === undefined || reported.outcome === 'unknown' ? reported : sentAgain(first, reported),
    );
  }

  private cleanup(): void {
    this.host.deadlines.delete(this);
    if (this.onAbort !== undefined) this.signal?.removeEventListener('abort', this.onAbort);
  }
}

/**
 * The error of a call whose first attempt may have run and whose re-send
 * failed before it could: the first attempt's code and `unknown` outcome (the
 * most cautious of the two), with the re-send's failure in the message and as
 * the cause.
 */
function sentAgain(first: TransportError, retry: TransportError): TransportError {
  const detail = retry.message.startsWith(`${retry.url}: `)
    ? retry.message.slice(retry.url.length + 2)
    : retry.message;
  return new TransportError(
    first.code,
    `${first.message}; sent again on a new connection, which failed too: ${detail}`,
    'unknown',
    first.url,
    { cause: retry },
  );
}
