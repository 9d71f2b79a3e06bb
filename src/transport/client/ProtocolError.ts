import type { CallOutcome } from '../../rpc/index.js';
import { TransportError } from '../../rpc/index.js';

/** Options of a protocol error. */
export interface ProtocolErrorOptions {
  /** The response headers, as Node gives them (lower-case names). @default {} */
  readonly headers?: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The first bytes of the response body, decoded as UTF-8 and never parsed as XML-RPC. @default '' */
  readonly bodyStart?: string;
}

/**
 * The server answered with an HTTP status other than 200 (CPython's
 * `xmlrpc.client.ProtocolError`). XML-RPC sends faults as HTTP 200, so any
 * other status is an HTTP-level answer: an HTML error page, a 401 from a
 * gateway, a 404 for a wrong path. The body is kept as text and never parsed.
 *
 * `outcome`: a 4xx answer from Spindle's server is given before dispatch
 * (wrong path, method, size, credentials), so it is `not-executed`; a 5xx (or
 * anything else) may come after the call ran, so it is `unknown`.
 */
export class ProtocolError extends TransportError {
  /** The HTTP status code (CPython's `errcode`). */
  public readonly status: number;
  /** The HTTP reason phrase (CPython's `errmsg`). */
  public readonly statusMessage: string;
  /** The response headers. */
  public readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The start of the response body (at most about 1 KiB), as text. */
  public readonly bodyStart: string;

  public constructor(url: string, status: number, statusMessage: string, options: ProtocolErrorOptions = {}) {
    const bodyStart = options.bodyStart ?? '';
    const snippet = bodyStart.length > 0 ? `: ${JSON.stringify(bodyStart.slice(0, 200))}` : '';
    super(
      'SPINDLE_CLIENT_PROTOCOL_ERROR',
      `${url} answered HTTP ${status} ${statusMessage}${snippet}`,
      protocolOutcome(status),
      url,
    );
    this.status = status;
    this.statusMessage = statusMessage;
    this.headers = options.headers ?? {};
    this.bodyStart = bodyStart;
  }
}

/** 4xx is refused before dispatch; anything else may have run. */
function protocolOutcome(status: number): CallOutcome {
  return status >= 400 && status < 500 ? 'not-executed' : 'unknown';
}
