/**
 * Spindle's public surface. Add exports explicitly (no `export *`), grouped by layer.
 */
import 'reflect-metadata';

// common
export { ERROR_CODES, silentLogger, SpindleError } from './common/index.js';
export type { LogFields, Logger, LogLevel, SpindleErrorCode, SpindleErrorOptions } from './common/index.js';

// codec
export { Fault } from './codec/Fault.js';

// transport
export { TransportError } from './transport/TransportError.js';
export type { CallOutcome, TransportErrorOptions } from './transport/TransportError.js';

// proxy
export type { CallOptions, Invoker } from './proxy/Invoker.js';
