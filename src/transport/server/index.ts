export { BasicAuth } from './BasicAuth.js';
export type { BasicAuthOptions } from './BasicAuth.js';
export type { SubjectRequirements } from './checkSubjectFields.js';
export { MethodRegistry, publicMethodNames } from './MethodRegistry.js';
export type {
  MethodOptions,
  MethodSignature,
  RegisteredMethod,
  RegisterInstanceOptions,
} from './MethodRegistry.js';
export type { PemSource, TlsServerOptions } from './resolveTlsOptions.js';
export { Readiness } from './Readiness.js';
export type { ReadinessState } from './Readiness.js';
export { ServerError } from './ServerError.js';
export { DEFAULT_SERVICE_PATHS, servicePaths } from './servicePaths.js';
export { ServiceDispatcher } from './ServiceDispatcher.js';
export type { CallContext } from './CallContext.js';
export type { ServiceDispatcherOptions } from './ServiceDispatcherOptions.js';
export { IDEMPOTENT_CAPABILITY } from './systemMethods.js';
export { XmlRpcServer } from './XmlRpcServer.js';
export type { ServerLimits, ServiceRouteOptions, XmlRpcServerOptions } from './XmlRpcServerOptions.js';
