import type { SpindleErrorCode } from '../../common/index.js';
import type { CallOutcome } from '../../rpc/index.js';
import { TransportError } from '../../rpc/index.js';
import { ProxyTunnelError } from './connectTunnel.js';

/** What one HTTP attempt had done when it failed; decides the outcome. */
export interface AttemptProgress {
  /** The endpoint, without credentials. */
  readonly url: string;
  /** The TCP connection (to the server or the HTTP proxy) was open. */
  readonly connected: boolean;
  /** The TLS handshake finished (always false for plain HTTP). */
  readonly secured: boolean;
  /** Whether the URL is `https:`. */
  readonly tls: boolean;
  /** The whole request was handed to the operating system. */
  readonly sent: boolean;
  /** At least one byte of the response (its status line) arrived. */
  readonly responseStarted: boolean;
}

/** Thrown internally when the per-call timer fires. */
export class CallTimedOut extends Error {
  public constructor(public readonly timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`);
  }
}

/** Thrown internally when the caller's AbortSignal fires. */
export class CallAborted extends Error {
  public constructor(public readonly reason: unknown) {
    super('aborted by the caller');
  }
}

const connectCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ETIMEDOUT',
]);

const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** True for the errors a peer causes by closing or resetting the connection. */
export function isResetError(error: unknown): boolean {
  return connectionErrorCode(error) !== undefined && resetCodes.has(connectionErrorCode(error) ?? '');
}

/**
 * The one boundary where socket, TLS and HTTP failures of the client become a
 * `TransportError`, with the outcome the pool decides on:
 * - `not-executed` when the request cannot have reached the service: the
 *   connection, the proxy's CONNECT tunnel or the TLS handshake failed, or
 *   the failure came before the whole request was handed over;
 * - `unknown` when the request was sent and the answer did not (fully) come.
 */
export function toTransportError(error: unknown, progress: AttemptProgress): TransportError {
  if (error instanceof TransportError) return error;
  const url = progress.url;
  const outcome = progress.sent ? 'unknown' : 'not-executed';
  if (error instanceof CallTimedOut) {
    return new TransportError('SPINDLE_CLIENT_TIMEOUT', `${url}: ${error.message}`, outcome, url);
  }
  if (error instanceof CallAborted) {
    return new TransportError('SPINDLE_CLIENT_ABORTED', `${url}: call aborted by the caller`, outcome, url, {
      cause: error.reason,
    });
  }
  const code = connectionErrorCode(error) ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  const failed = (errorCode: SpindleErrorCode, what: string, result: CallOutcome): TransportError =>
    new TransportError(errorCode, `${url}: ${what} (${detail})`, result, url, { cause: error });
  if (error instanceof ProxyTunnelError) {
    const what =
      error.status === undefined ? 'no tunnel through the HTTP proxy' : 'the HTTP proxy refused the tunnel';
    return failed('SPINDLE_CLIENT_CONNECT_FAILED', what, 'not-executed');
  }
  if (!progress.connected && connectCodes.has(code)) {
    return failed('SPINDLE_CLIENT_CONNECT_FAILED', 'cannot connect', 'not-executed');
  }
  if (isTlsFailure(code, progress)) return failed('SPINDLE_CLIENT_TLS_FAILED', 'TLS failed', 'not-executed');
  if (!progress.connected) return failed('SPINDLE_CLIENT_CONNECT_FAILED', 'cannot connect', 'not-executed');
  const when = progress.responseStarted ? 'while reading the response' : 'before any response';
  return failed('SPINDLE_CLIENT_CONNECTION_LOST', `connection lost ${when}`, outcome);
}

/**
 * A TLS failure: the handshake did not finish, or the server sent a TLS alert
 * (TLS 1.3 servers refuse a client certificate only after the client's
 * handshake is done, before reading the request).
 */
function isTlsFailure(code: string, progress: AttemptProgress): boolean {
  if (!progress.tls) return false;
  if (
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_TLS_') ||
    code.includes('CERT') ||
    code === 'EPROTO'
  ) {
    return true;
  }
  return progress.connected && !progress.secured;
}

function connectionErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
