import { currentCall } from '../server/ServerCall.js';

/**
 * The time an outgoing call may take: its own `timeoutMs`, cut to what the
 * call being served still has when that is shorter. A service method of B
 * that calls C through a proxy so passes A's shrinking deadline on, with no
 * code in the method (A → B → C); outside a served call it is `timeoutMs`.
 */
export function callerBudget(timeoutMs: number): number {
  const call = currentCall();
  if (call === undefined) return timeoutMs;
  return Math.min(timeoutMs, call.remainingMs());
}
