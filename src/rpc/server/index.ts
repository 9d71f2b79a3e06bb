export { checkLimits, SERVER_LIMIT_NAMES } from './checkLimits.js';
export type { CallContext } from './CallContext.js';
export { MethodRegistry, publicMethodNames } from './MethodRegistry.js';
export type {
  MethodOptions,
  MethodSignature,
  RegisteredMethod,
  RegisterInstanceOptions,
} from './MethodRegistry.js';
export { DEFAULT_SERVICE_PATHS, servicePaths } from './servicePaths.js';
export { ServiceDispatcher } from './ServiceDispatcher.js';
export type { ServiceDispatcherOptions } from './ServiceDispatcherOptions.js';
export { IDEMPOTENT_CAPABILITY } from './systemMethods.js';
