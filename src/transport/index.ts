/**
 * What moves bytes: the HTTP(S) client channel, the HTTP server adapter
 * (`XmlRpcServer`, feeding the `ServiceDispatcher`s of src/rpc), and the ssh
 * channel with the bridge's request-id word and exit codes.
 */
export { HttpTransport, ProtocolError } from './client/index.js';
export type {
  ClientTlsOptions,
  ExchangeOptions,
  HttpTransportOptions,
  PemSource,
  ProtocolErrorOptions,
} from './client/index.js';
export { BasicAuth, resolveTlsOptions, ServerError, XmlRpcServer } from './server/index.js';
export type {
  BasicAuthOptions,
  ResolvedTls,
  ServerLimits,
  ServiceRouteOptions,
  SubjectRequirements,
  TlsServerOptions,
  XmlRpcServerOptions,
} from './server/index.js';
export {
  BRIDGE_EXIT_FAILED,
  BRIDGE_EXIT_NOT_EXECUTED,
  isValidRequestId,
  MAX_REQUEST_ID_LENGTH,
  parseSshUrl,
  requestIdFromCommand,
  SshChannel,
  SshInvoker,
} from './ssh/index.js';
export type {
  HostKeyChecking,
  SshCallOptions,
  SshChannelOptions,
  SshInvokerOptions,
  SshOptions,
  SshTarget,
} from './ssh/index.js';
