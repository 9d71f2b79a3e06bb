import type { InterceptorLike } from '../Interceptor.js';
import type { CallOptions } from '../Invoker.js';

/** One outgoing call as client interceptors see it. */
export interface ClientCall {
  /** The XML-RPC method name (`examples.getStateName`). */
  readonly method: string;
  /** The arguments. */
  readonly params: readonly unknown[];
  /** The call's options: `timeoutMs`, `signal`, `requestId`, `metadata`, … (empty when none were given). */
  readonly options: CallOptions;
  /** Where the call goes (the invoker's `description`: a URL without credentials, or `ha:<name>`). */
  readonly target: string;
}

/**
 * Runs the rest of the chain (the next interceptor, or the invoker): resolves
 * with the result, rejects with the `Fault` or `TransportError`. Pass a
 * changed call (`{ ...call, options: { ...call.options, metadata } }`) to
 * send something else; call it at most once.
 */
export type ClientNext = (call?: ClientCall) => Promise<unknown>;

/**
 * Code around every call of a proxy or pool (tracing, metrics, metadata such
 * as auth tokens), composed in order, the first outermost: a function
 * `(call, next) => Promise<result>` or an object with such an `intercept`
 * method.
 */
export type ClientInterceptor = InterceptorLike<ClientCall, ClientNext>;
