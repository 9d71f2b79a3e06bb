/** Per-call options understood by every invoker. */
export interface CallOptions {
  /** Aborts the call; the caller then gets an error with outcome `unknown` if it was sent. @default undefined */
  readonly signal?: AbortSignal;
  /** Time allowed for this call, all attempts included, in milliseconds. @default the invoker's own timeout */
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
