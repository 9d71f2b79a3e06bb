import type { InterceptorLike } from '../Interceptor.js';
import type { ServerCall } from './ServerCall.js';

/**
 * Runs the rest of the chain (the next interceptor, or the method itself):
 * resolves with the method's result, rejects with what it threw (a `Fault`
 * for "no such method" and parameters that do not fit). Call it at most once.
 */
export type ServerNext = () => Promise<unknown>;

/**
 * Code around every method call of one exporter (not around
 * `system.multicall` itself: around each of its entries). It sees the call
 * (method, params, who calls, metadata, deadline, signal) and what `next()`
 * gives or throws; what it resolves with is the answer, what it throws
 * becomes the fault (a `Fault` keeps its code). `currentCall()` works inside.
 *
 * @example
 * const timing: ServerInterceptor = async (call, next) => {
 *   const began = performance.now();
 *   try { return await next(); } finally { record(call.method, performance.now() - began); }
 * };
 */
export type ServerInterceptor = InterceptorLike<ServerCall, ServerNext>;
