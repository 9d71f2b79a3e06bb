import type { SpindleErrorCode } from '../common/index.js';
import { SpindleError } from '../common/index.js';

/**
 * What a failed call tells the caller about the remote side:
 * - `not-executed`: the request certainly did not run (connection refused, TLS
 *   failure, failed before the body was sent, rejected by HTTP before dispatch);
 *   safe to send again anywhere.
 * - `unknown`: the request was sent and may have run (reset or timed out after
 *   sending); only an idempotent method may be sent again.
 */
export type CallOutcome = 'not-executed' | 'unknown';

/** Options of a transport error. */
export interface TransportErrorOptions {
  /** The lower-level error (socket, TLS, ssh process). @default undefined */
  readonly cause?: unknown;
}

/**
 * A call that failed below XML-RPC: in the network, TLS, HTTP or ssh layers.
 * Every transport maps its own failures to this one class at one boundary, so
 * the pool decides on `outcome` alone.
 */
export class TransportError extends SpindleError {
  /** Whether the request may have run. */
  public readonly outcome: CallOutcome;
  /** The endpoint the call went to, without credentials. */
  public readonly url: string;

  public constructor(
    code: SpindleErrorCode,
    message: string,
    outcome: CallOutcome,
    url: string,
    options: TransportErrorOptions = {},
  ) {
    super(code, message, options);
    this.outcome = outcome;
    this.url = url;
  }

  /** True when the request certainly did not run, so sending it again is safe. */
  public get recoverable(): boolean {
    return this.outcome === 'not-executed';
  }
}
