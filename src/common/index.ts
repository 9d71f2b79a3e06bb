export { CALL_CHANNEL_NAMES, callChannels } from './callChannels.js';
export type {
  CallEndOutcome,
  ClientCallEnd,
  ClientCallStart,
  ServerCallEnd,
  ServerCallStart,
} from './callChannels.js';
export { closestMatches, didYouMean, editDistance } from './closestMatches.js';
export { ERROR_CODES } from './errorCodes.js';
export type { SpindleErrorCode } from './errorCodes.js';
export type { LogFields, Logger, LogLevel } from './Logger.js';
export { LOG_LEVELS, silentLogger } from './Logger.js';
export { SpindleError } from './SpindleError.js';
export type { SpindleErrorOptions } from './SpindleError.js';
