export { HttpTransport } from './HttpTransport.js';
export type { ExchangeOptions, HttpTransportOptions } from './HttpTransport.js';
export type { ClientTlsOptions } from './tlsConnectOptions.js';
export { ProtocolError } from './ProtocolError.js';
export type { ProtocolErrorOptions } from './ProtocolError.js';
export type { PemSource } from './tlsMaterial.js';
