export { CallRecorder } from './CallRecorder.js';
export type { ServiceCounters, TargetCounters } from './CallRecorder.js';
export type { CallSink } from './CallSink.js';
export { ContextView } from './ContextView.js';
export type { ObjectKind, ObjectSummary, TargetLabels } from './ContextView.js';
export { createLogger } from './createLogger.js';
export type { CreateLoggerOptions, LevelLogger } from './createLogger.js';
export { Observability } from './Observability.js';
export type { ObservabilityOptions } from './Observability.js';
export { ObservabilityServer } from './ObservabilityServer.js';
export type { Page, PageHandler } from './ObservabilityServer.js';
export { parseListenAddress } from './parseListenAddress.js';
export type { ListenAddress } from './parseListenAddress.js';
export { prettyLogLine } from './prettyLogLine.js';
export { isSecretName, REDACTED, redactSecrets, redactText } from './redactSecrets.js';
export { SpindleMetrics } from './SpindleMetrics.js';
export { STATUS_PAGE_HTML } from './statusPage.js';
export { statusSnapshot } from './statusSnapshot.js';
export type {
  ExporterStatus,
  MemberStatus,
  PoolStatus,
  ProxyStatus,
  StatusSnapshot,
} from './statusSnapshot.js';
export { OBSERVABILITY_OPTIONS_USAGE, takeObservabilityOptions } from './takeObservabilityOptions.js';
export type { ObservabilityArguments } from './takeObservabilityOptions.js';
