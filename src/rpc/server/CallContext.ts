/**
 * What the transport knows about one request; passed through to logs, to
 * interceptors and to `currentCall()`. Every field is optional: the ssh bridge
 * and tests know less than the HTTP server. Fields that cost something to
 * compute (metadata, the certificate's subject) are getters on the transport's
 * own request object, read only when asked for.
 */
export interface CallContext {
  /** The caller's `X-Request-Id`, if it sent one. @default undefined */
  readonly requestId?: string | undefined;
  /** The peer's address. @default undefined */
  readonly remoteAddress?: string | undefined;
  /** The authenticated user name, if the transport authenticated one. @default undefined */
  readonly user?: string | undefined;
  /** The URL path the request came on (`/Calculator`). @default undefined */
  readonly path?: string | undefined;
  /** The subject of the client's TLS certificate (`{ CN: 'billing', O: 'Example' }`), if it sent one. @default undefined */
  readonly clientSubject?: Readonly<Record<string, string>> | undefined;
  /** The request's metadata (HTTP headers, names in lower case, credentials left out). @default undefined */
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  /**
   * When the caller stops waiting, in `performance.now()` milliseconds (from
   * the request's `Spindle-Timeout` header). @default undefined (the caller did not say)
   */
  readonly deadlineAt?: number | undefined;
  /** True once the caller went away (its connection closed) before the answer was written. @default undefined */
  readonly callerGone?: boolean | undefined;
  /**
   * Runs `listener` once if the caller goes away before the answer is
   * written; returns what stops watching. @default undefined (never watched)
   */
  watchCaller?(listener: () => void): () => void;
}
