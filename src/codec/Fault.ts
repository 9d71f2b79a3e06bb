import { SpindleError } from '../common/SpindleError.js';

/**
 * An XML-RPC fault: the remote service's own answer that a call failed.
 *
 * A fault is an application outcome, never a transport failure: a pool never
 * retries it on another member and never counts it against a member's health.
 * Throw a `Fault` from a service method to choose the code the caller sees;
 * any other error becomes fault −32500 with its message only (no stack, no path).
 */
export class Fault extends SpindleError {
  /** The fault code; numeric on the wire, kept as a string when a peer sent one. */
  public readonly faultCode: number | string;
  /** The human-readable fault string. */
  public readonly faultString: string;
  /** Extra members of the fault struct beyond the two the spec defines. */
  public readonly extra: Readonly<Record<string, unknown>>;

  public constructor(
    faultCode: number | string,
    faultString: string,
    extra: Readonly<Record<string, unknown>> = {},
  ) {
    super('SPINDLE_FAULT', `<Fault ${String(faultCode)}: ${faultString}>`);
    this.faultCode = faultCode;
    this.faultString = faultString;
    this.extra = extra;
  }
}
