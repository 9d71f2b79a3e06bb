import { Fault, FAULT_CODES } from '../../codec/index.js';

/**
 * The faults of a call whose caller stopped waiting (its `Spindle-Timeout`
 * passed). Only the first says the method did not run (−32001 is among the
 * codes whose `outcome` is `not-executed`); the others keep −32603, whose
 * outcome is `unknown`, because the method started.
 */

/** Refused before it started: the caller's deadline had already passed. */
export function notStarted(method: string): Fault {
  return new Fault(
    FAULT_CODES.DEADLINE_EXCEEDED,
    `method '${method.slice(0, 256)}' was not run: the caller's deadline passed before it could start`,
  );
}

/** The caller's deadline passed while the method ran; it may still be running. */
export function callerGaveUp(method: string): Fault {
  return new Fault(
    FAULT_CODES.INTERNAL_ERROR,
    `the caller's deadline passed before method '${method.slice(0, 256)}' finished; it may still be running`,
  );
}

/** The method finished after its caller stopped waiting: its result was not encoded. */
export function resultNotSent(method: string): Fault {
  return new Fault(
    FAULT_CODES.INTERNAL_ERROR,
    `method '${method.slice(0, 256)}' ran, but its result was not sent: the caller had stopped waiting`,
  );
}
