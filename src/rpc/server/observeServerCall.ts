import { callChannels } from '../../common/index.js';
import type { ServerCallEnd, ServerCallStart } from '../../common/index.js';
import { Fault } from '../../codec/index.js';
import type { CallContext } from './CallContext.js';

/**
 * Publishes the start of a call to `service` on `callChannels`; returns what
 * publishes its end with the value or `Fault` it gave. Only while observed.
 */
export function observeServerCall(
  service: string,
  method: string,
  context: CallContext,
): (value: unknown) => void {
  const start: ServerCallStart = { service, method, requestId: context.requestId };
  callChannels.serverStart.publish(start);
  const began = performance.now();
  return (value) => {
    const durationMs = performance.now() - began;
    const end: ServerCallEnd =
      value instanceof Fault
        ? {
            ...start,
            durationMs,
            outcome: 'fault',
            faultCode: typeof value.faultCode === 'number' ? value.faultCode : -32500,
          }
        : { ...start, durationMs, outcome: 'result' };
    callChannels.serverEnd.publish(end);
  };
}
