export { HttpTransport } from './HttpTransport.js';
export type { ClientTlsOptions, ExchangeOptions, HttpTransportOptions } from './HttpTransport.js';
export { ProtocolError } from './ProtocolError.js';
export type { ProtocolErrorOptions } from './ProtocolError.js';
export type { PemSource } from './tlsMaterial.js';
