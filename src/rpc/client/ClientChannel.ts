import type { CallOptions } from '../Invoker.js';

/**
 * One call as a channel sees it: the caller's `CallOptions` as given (so a
 * field added there, e.g. call metadata or a deadline, reaches every channel
 * without new plumbing), with the values the invoker settled filled in.
 */
export interface ChannelCall extends CallOptions {
  /** Time allowed for the whole exchange (waiting for a connection or slot included), in milliseconds. */
  readonly timeoutMs: number;
  /** The id that travels with the request (HTTP: `X-Request-Id`; ssh: `--request-id=`). */
  readonly requestId: string;
  /** The XML-RPC method, for logs; absent when the bytes are forwarded unread (`spindle bridge`). @default undefined */
  readonly method?: string;
}

/**
 * What carries an encoded XML-RPC request to a server and brings back the
 * response bytes, for one URL: HTTP(S), ssh, or a scheme registered with
 * `registerTransport`. It knows nothing of XML-RPC: `XmlRpcClient` encodes,
 * decodes, makes request ids and publishes diagnostics around it, the same
 * for every scheme.
 *
 * `exchange` settles exactly once: with the response body, or with a
 * `TransportError` whose `outcome` says whether the request may have run
 * (`not-executed` only when it certainly did not). It must end the exchange
 * within `call.timeoutMs` and when `call.signal` aborts, and may send the
 * request again on its own only when `call.idempotent` is true.
 *
 * @example
 * // A channel that answers in-process: handy to test an invoker stack.
 * const loopback: ClientChannel = {
 *   description: 'loopback:',
 *   exchange: (request) => dispatcher.handle(request),
 *   close: () => Promise.resolve(),
 * };
 * const client = new XmlRpcClient(loopback);
 */
export interface ClientChannel {
  /** Where the bytes go, for messages and logs (no credentials). */
  readonly description: string;
  /**
   * The channel ends every exchange within `call.timeoutMs` by itself, so a
   * pool need not race a timer of its own against it (the built-in channels
   * do). @default false
   */
  readonly settlesWithinTimeout?: boolean;
  /** Sends one encoded request and resolves to the response body. */
  exchange(request: Buffer, call: ChannelCall): Promise<Buffer>;
  /** Releases sockets, processes and timers; exchanges in flight fail. Safe to call twice. */
  close(): Promise<void>;
}
