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
export type { CallOptions, Invoker } from '../rpc/Invoker.js';
export { MultiCall } from './MultiCall.js';
export type { MultiCallBatch, MultiCallConstructor } from './MultiCall.js';
export { MultiCallResults } from './MultiCallResults.js';
export type { Decoded } from './Decoded.js';
export type { Remote, UntypedRemoteMethod } from './Remote.js';
export { createInvoker, registerTransport } from './transports.js';
export type { TransportFactory } from './transports.js';
export { XmlRpcClient } from './XmlRpcClient.js';
export type { XmlRpcClientOptions } from './XmlRpcClient.js';
export { XmlRpcProxyFactory } from './XmlRpcProxyFactory.js';
export type { XmlRpcProxyFactoryOptions } from './XmlRpcProxyFactory.js';
