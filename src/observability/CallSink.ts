import type { ClientCallEnd, ClientCallStart, ServerCallEnd, ServerCallStart } from '../common/index.js';
import type { PoolRetry } from '../ha/index.js';
import type { TargetLabels } from './ContextView.js';

/**
 * What wants to hear about calls once `CallRecorder` has labelled them (the
 * Prometheus metrics, say). Every method is optional.
 */
export interface CallSink {
  serverStart?(event: ServerCallStart): void;
  serverEnd?(event: ServerCallEnd): void;
  clientStart?(event: ClientCallStart, labels: TargetLabels): void;
  clientEnd?(event: ClientCallEnd, labels: TargetLabels): void;
  /** A pool sent a call again after a failed attempt (its `retry` event), under the pool's context id. */
  retry?(pool: string, event: PoolRetry): void;
}
