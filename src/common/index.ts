export { ERROR_CODES } from './errorCodes.js';
export type { SpindleErrorCode } from './errorCodes.js';
export type { LogFields, Logger, LogLevel } from './Logger.js';
export { silentLogger } from './Logger.js';
export { SpindleError } from './SpindleError.js';
export type { SpindleErrorOptions } from './SpindleError.js';
