import { Fault } from '../codec/Fault.js';

/** An error class a fault is turned into; built with the fault string and `{ cause: fault }`. */
export type FaultErrorClass = new (message: string, options: { cause: Fault }) => Error;

/**
 * Fault code → error class, so callers catch domain errors instead of codes
 * (the Seattle Clearinghouse client's exception hierarchy). A record keyed by
 * the code's text (`{ '100': NotFoundError }`, as context files write it) or a Map.
 */
export type FaultMap =
  Readonly<Record<string, FaultErrorClass>> | ReadonlyMap<number | string, FaultErrorClass>;

/** Turns `error` into the mapped class when it is a `Fault` whose code is in `faults`; otherwise returns it. */
export function mapFault(error: unknown, faults: FaultMap | undefined): unknown {
  if (faults === undefined || !(error instanceof Fault)) return error;
  const errorClass: FaultErrorClass | undefined = isMap(faults)
    ? (faults.get(error.faultCode) ?? faults.get(String(error.faultCode)))
    : lookupRecord(faults, String(error.faultCode));
  return errorClass === undefined ? error : new errorClass(error.faultString, { cause: error });
}

function isMap(faults: FaultMap): faults is ReadonlyMap<number | string, FaultErrorClass> {
  return faults instanceof Map;
}

function lookupRecord(
  faults: Readonly<Record<string, FaultErrorClass>>,
  code: string,
): FaultErrorClass | undefined {
  // Own keys only: a fault code of "constructor" must not find Object's.
  return Object.prototype.hasOwnProperty.call(faults, code) ? faults[code] : undefined;
}
