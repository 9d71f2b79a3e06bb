export { BasicAuth } from './BasicAuth.js';
export type { BasicAuthOptions } from './BasicAuth.js';
export type { SubjectRequirements } from './checkSubjectFields.js';
export { resolveTlsOptions } from './resolveTlsOptions.js';
export type { PemSource, ResolvedTls, TlsServerOptions } from './resolveTlsOptions.js';
export { ServerError } from './ServerError.js';
export { XmlRpcServer } from './XmlRpcServer.js';
export type { ServerLimits, ServiceRouteOptions, XmlRpcServerOptions } from './XmlRpcServerOptions.js';
