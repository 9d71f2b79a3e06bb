import { SpindleError } from '../common/index.js';
import { FAULT_CODES } from './faultCodes.js';

/**
 * The interoperability codes a server answers before it runs any method:
 * unparsable or invalid request, no such method, parameters that do not fit,
 * a caller's deadline passed before the call could start.
 */
const REFUSED_BEFORE_RUNNING: ReadonlySet<number> = new Set([
  FAULT_CODES.NOT_WELL_FORMED,
  FAULT_CODES.UNSUPPORTED_ENCODING,
  FAULT_CODES.INVALID_CHARACTER,
  FAULT_CODES.INVALID_REQUEST,
  FAULT_CODES.METHOD_NOT_FOUND,
  FAULT_CODES.INVALID_PARAMS,
  FAULT_CODES.DEADLINE_EXCEEDED,
]);

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

  /**
   * Whether the method ran, in the terms a `TransportError` uses:
   * `not-executed` for the codes a server answers before running anything
   * (−32700, −32701, −32702, −32600, −32601, −32602 for parameters that do
   * not fit the method, and −32001 for a call refused because its caller's
   * deadline had passed), so generic code can test `error.outcome` on any
   * failure; `unknown` for every other fault, which the method itself raised
   * or which says nothing about it. Sending the same call again gives the same
   * fault: a pool never retries a fault.
   */
  public get outcome(): 'not-executed' | 'unknown' {
    return typeof this.faultCode === 'number' && REFUSED_BEFORE_RUNNING.has(this.faultCode)
      ? 'not-executed'
      : 'unknown';
  }
}

/** Faults decoded from a peer's answer, as opposed to made by code in this process. */
const received = new WeakSet<Fault>();

/**
 * Marks `fault` as decoded from a peer's answer (the codec and the multicall
 * reader do); returns it. A server relaying such a fault from a method that
 * ran must not pass on its "not executed" (see `faultFromError`).
 */
export function markReceived(fault: Fault): Fault {
  received.add(fault);
  return fault;
}

/** Whether `fault` was decoded from a peer's answer (see {@link markReceived}). */
export function wasReceived(fault: Fault): boolean {
  return received.has(fault);
}
