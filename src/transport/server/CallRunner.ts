import { gunzip, gzip } from 'node:zlib';

import type { Logger } from '../../common/index.js';
import { acceptsGzip, plainXmlHeaders, replyStatus } from './httpReplies.js';
import type { BodySink, PendingCall } from './PendingCall.js';
import type { Route } from './Route.js';

/** Longest `X-Request-Id` echoed back (the log line keeps the same length). */
const MAX_REQUEST_ID_LENGTH = 200;

/** Limits a `CallRunner` applies to bodies and answers. */
export interface CallRunnerLimits {
  /** Most bytes a gzip request body may inflate to; more is 413. */
  readonly maxInflatedBytes: number;
  /** Answers longer than this are gzipped when the client accepts it. */
  readonly gzipThreshold: number;
}

/**
 * Takes complete request bodies from `PendingCall`s (inflating gzip ones with
 * an output cap), runs them through the route's dispatcher, and writes the
 * answers (gzipped when large and accepted, `Content-Length` always). It
 * counts calls in flight so a closing server can wait for them. One object per
 * server: it is the sink of every call, so reading a body needs no closure.
 */
export class CallRunner implements BodySink<Route> {
  /** Calls dispatched and not yet answered. */
  public inFlight = 0;
  /** Set while the server closes: answers then carry `Connection: close`. */
  public closing = false;
  private onDrained: (() => void) | undefined;

  public constructor(
    private readonly limits: CallRunnerLimits,
    private readonly logger: Logger,
  ) {}

  /** Receives a complete body; inflates it first when it came gzipped. */
  public bodyReady(call: PendingCall<Route>, body: Buffer): void {
    if (!call.gzipped) {
      this.dispatch(call, body);
      return;
    }
    gunzip(body, { maxOutputLength: this.limits.maxInflatedBytes }, (error, inflated) => {
      if (error === null) {
        this.dispatch(call, inflated);
        return;
      }
      const status = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 413 : 400;
      replyStatus(call.res, status, [], true);
    });
  }

  /** Resolves once no call is in flight, or after `timeoutMs`, whichever comes first. */
  public drained(timeoutMs: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.onDrained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * Runs the call and writes its answer; never throws. A method that returned
   * a plain value is answered in this same tick: no promise, no microtask hop.
   */
  private dispatch(call: PendingCall<Route>, body: Buffer): void {
    this.inFlight++;
    let answer: Buffer | Promise<Buffer>;
    try {
      answer = call.route.dispatcher.respond(body, call);
    } catch (error) {
      this.dispatchFailed(call, error);
      return;
    }
    if (answer instanceof Promise) {
      answer.then(
        (response) => {
          this.answer(call, response);
        },
        (error: unknown) => {
          this.dispatchFailed(call, error);
        },
      );
    } else {
      this.answer(call, answer);
    }
  }

  /** Writes a dispatched call's response (gzipped when large and accepted), then counts it done. */
  private answer(call: PendingCall<Route>, response: Buffer): void {
    if (response.length > this.limits.gzipThreshold && acceptsGzip(call.req.headers)) {
      gzip(response, (error, zipped) => {
        if (error === null) this.written(call, zipped, true);
        else this.dispatchFailed(call, error);
      });
      return;
    }
    this.written(call, response, false);
  }

  private written(call: PendingCall<Route>, response: Buffer, zipped: boolean): void {
    try {
      this.write(call, response, zipped);
    } catch (error) {
      this.dispatchFailed(call, error);
      return;
    }
    this.callDone();
  }

  /** respond() never throws; this guards the server against a broken dispatcher, gzip or socket. */
  private dispatchFailed(call: PendingCall<Route>, error: unknown): void {
    try {
      this.logger.error('dispatch failed', { error: String(error), requestId: call.requestId });
      // Headers already out means a half-written answer: cut it rather than leave the caller waiting.
      if (call.res.headersSent) call.res.destroy();
      else replyStatus(call.res, 500);
    } finally {
      this.callDone();
    }
  }

  private write(call: PendingCall<Route>, body: Buffer, zipped: boolean): void {
    const res = call.res;
    if (res.destroyed) return;
    const requestId = call.req.headers['x-request-id'];
    if (!zipped && !this.closing && typeof requestId !== 'string') {
      // The common answer: its header list depends on the length only, so it is built once per length.
      res.writeHead(200, plainXmlHeaders(body.length) as string[]);
      res.end(body);
      return;
    }
    const headers = ['Content-Type', 'text/xml', 'Content-Length', String(body.length)];
    if (zipped) headers.push('Content-Encoding', 'gzip', 'Vary', 'Accept-Encoding');
    // Echoed capped, like the log line, so a caller cannot make every answer huge.
    if (typeof requestId === 'string')
      headers.push('X-Request-Id', requestId.slice(0, MAX_REQUEST_ID_LENGTH));
    if (this.closing) {
      headers.push('Connection', 'close');
      res.shouldKeepAlive = false;
    }
    res.writeHead(200, headers);
    res.end(body);
  }

  private callDone(): void {
    this.inFlight--;
    if (this.inFlight === 0 && this.onDrained !== undefined) this.onDrained();
  }
}
