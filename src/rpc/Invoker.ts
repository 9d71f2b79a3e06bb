/** Per-call options understood by every invoker. */
export interface CallOptions {
  /** Aborts the call; the caller then gets an error with outcome `unknown` if it was sent. @default undefined */
  readonly signal?: AbortSignal;
  /**
   * Time allowed for this call, all attempts included, in milliseconds; sent
   * to the server as `Spindle-Timeout`. Inside a served call, never more than
   * that call's remaining deadline (see `callerBudget`).
   * @default the invoker's own timeout
   */
  readonly timeoutMs?: number;
  /**
   * The caller knows the method is safe to run twice (the pool passes what it
   * was told or learnt). Only then may a transport re-send the request on its
   * own, e.g. after a pooled keep-alive socket turned out stale: a reset before
   * any answer cannot tell "closed while idle" from "died while running it".
   * @default false
   */
  readonly idempotent?: boolean;
  /** An id that travels with the request (HTTP header `X-Request-Id`) into the server's logs. @default a fresh random id */
  readonly requestId?: string;
  /**
   * Metadata that travels with the request: over HTTP each entry is a request
   * header (names are HTTP tokens; framing, credential and Spindle's own
   * headers are refused), which the server's `currentCall().metadata` shows.
   * Client interceptors add to it (e.g. `traceparent`). @default none
   */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * The one contract between a proxy and whatever carries its calls: an
 * `XmlRpcClient` over a channel of any scheme, or a high-availability pool.
 *
 * `invoke` settles exactly once: with the result, a `Fault` (the service's
 * answer), or a `TransportError` whose `outcome` says whether it ran.
 */
export interface Invoker {
  /** Where calls go, for messages and logs (no credentials). */
  readonly description: string;
  /**
   * True when `invoke` itself settles every call within its `timeoutMs`
   * (failing it with a `TransportError`), so a pool need not race a timer of
   * its own against it. `XmlRpcClient` says true.
   * @default false
   */
  readonly settlesWithinTimeout?: boolean;
  invoke(method: string, params: readonly unknown[], options?: CallOptions): Promise<unknown>;
  /** Releases sockets, processes and timers; safe to call twice. */
  close(): Promise<void>;
}
