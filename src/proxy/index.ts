export { createProxy, invokerOf, isRemoteProxy } from './createProxy.js';
export type { ProxyOptions } from './createProxy.js';
export { errorMapper, mapFault } from './faultMapping.js';
export type {
  ErrorMapper,
  ErrorMappingOptions,
  FaultErrorClass,
  FaultMap,
  TransportErrorClass,
} from './faultMapping.js';
export type { CallOptions, Invoker } from '../rpc/index.js';
export { MultiCall } from './MultiCall.js';
export type { MultiCallBatch, MultiCallConstructor } from './MultiCall.js';
export { MultiCallResults } from './MultiCallResults.js';
export type { Decoded } from './Decoded.js';
export type { Remote, UntypedRemoteMethod } from './Remote.js';
// The client of every scheme lives in the core; it is offered here, next to
// the registry whose built-in schemes this folder registers (transports.ts).
export { createInvoker, registerTransport } from './transports.js';
export type { TransportFactory } from './transports.js';
export { XmlRpcClient } from '../rpc/index.js';
export type { ChannelCall, ClientChannel, XmlRpcClientOptions } from '../rpc/index.js';
export { XmlRpcProxyFactory } from './XmlRpcProxyFactory.js';
export type { XmlRpcProxyFactoryOptions } from './XmlRpcProxyFactory.js';
