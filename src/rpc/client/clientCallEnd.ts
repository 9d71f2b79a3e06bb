import type { ClientCallEnd, ClientCallStart } from '../../common/index.js';
import { Fault } from '../../codec/index.js';
import { TransportError } from '../TransportError.js';

/**
 * What `callChannels.clientEnd` carries for a call that failed: a fault with
 * its code, or a transport failure with whether the request may have run.
 * Shared by every client transport (HTTP and ssh) so their events look alike.
 */
export function clientCallEnd(start: ClientCallStart, error: unknown, durationMs: number): ClientCallEnd {
  if (error instanceof Fault) {
    const faultCode = typeof error.faultCode === 'number' ? error.faultCode : -32500;
    return { ...start, outcome: 'fault', faultCode, error: error.faultString, durationMs };
  }
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof TransportError
    ? { ...start, outcome: 'transport', transportOutcome: error.outcome, error: message, durationMs }
    : { ...start, outcome: 'transport', transportOutcome: 'not-executed', error: message, durationMs };
}
