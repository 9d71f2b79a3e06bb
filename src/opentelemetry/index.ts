/**
 * `spindle/opentelemetry`: W3C Trace Context propagation and spans for client
 * and server calls, built on `@opentelemetry/api` (an optional peer
 * dependency: only this entry loads it, never `spindle` itself).
 */
export { OpenTelemetryClientInterceptor } from './OpenTelemetryClientInterceptor.js';
export type { OpenTelemetryInterceptorOptions } from './OpenTelemetryClientInterceptor.js';
export { OpenTelemetryServerInterceptor } from './OpenTelemetryServerInterceptor.js';
export { remoteParent, traceHeaders } from './traceContext.js';
