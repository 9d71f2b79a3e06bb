/**
 * The protocol-level call on both sides: the invoker contract a proxy or pool
 * calls through, the outcome-carrying error every call may end in, the
 * XML-RPC client over a byte channel with the scheme registry, and the
 * server's dispatcher with its method registry and system methods. Transports
 * (src/transport) only move bytes to and from this core.
 */
export type { CallOptions, Invoker } from './Invoker.js';
export { TransportError } from './TransportError.js';
export type { CallOutcome, TransportErrorOptions } from './TransportError.js';
export {
  clientCallEnd,
  createInvoker,
  decodeCallResponse,
  registerTransport,
  XmlRpcClient,
} from './client/index.js';
export type { ChannelCall, ClientChannel, TransportFactory, XmlRpcClientOptions } from './client/index.js';
export {
  checkLimits,
  DEFAULT_SERVICE_PATHS,
  IDEMPOTENT_CAPABILITY,
  MethodRegistry,
  publicMethodNames,
  SERVER_LIMIT_NAMES,
  ServiceDispatcher,
  servicePaths,
} from './server/index.js';
export type {
  CallContext,
  MethodOptions,
  MethodSignature,
  RegisteredMethod,
  RegisterInstanceOptions,
  ServiceDispatcherOptions,
} from './server/index.js';
export { currentCall, outsideCall, ServerCall } from './server/ServerCall.js';
export type { ServerInterceptor, ServerNext } from './server/ServerInterceptor.js';
export type { InterceptorLike } from './Interceptor.js';
export { InterceptedInvoker, intercepted } from './client/InterceptedInvoker.js';
export { callerBudget } from './client/callerBudget.js';
export type { ClientCall, ClientInterceptor, ClientNext } from './client/ClientInterceptor.js';
