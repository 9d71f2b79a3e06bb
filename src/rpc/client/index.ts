export type { ChannelCall, ClientChannel } from './ClientChannel.js';
export { clientCallEnd } from './clientCallEnd.js';
export { createInvoker } from './createInvoker.js';
export { decodeCallResponse } from './decodeCallResponse.js';
export { registerTransport } from './transportRegistry.js';
export type { TransportFactory } from './transportRegistry.js';
export { XmlRpcClient } from './XmlRpcClient.js';
export type { XmlRpcClientOptions } from './XmlRpcClientOptions.js';
