import { SpindleError } from '../common/index.js';
import { Fault } from '../codec/index.js';
import { TransportError } from '../rpc/index.js';

/** An error class a fault is turned into; built with the fault string and `{ cause: fault }`. */
export type FaultErrorClass = new (message: string, options: { cause: Fault }) => Error;

/**
 * The error class transport failures are turned into (a client library's
 * `CommunicationError`); built with the failure's message and
 * `{ cause: transportError }`, so `error.cause.outcome` still says whether the
 * call may have run.
 */
export type TransportErrorClass = new (message: string, options: { cause: TransportError }) => Error;

/**
 * Fault → error class, so callers catch domain errors instead of codes (the
 * Seattle Clearinghouse client's exception hierarchy). A record (as context
 * files write it) or a Map. Each key is either
 * - a fault code: a key made of digits, with an optional sign (`'103'`, or a
 *   number in a Map); matched exactly; or
 * - a fault-string prefix: any other key (`'Authentication failed'`);
 *   the longest matching prefix wins, and the empty key matches every fault.
 *
 * A code match wins over a prefix match; a fault that matches nothing stays a `Fault`,
 * whose message names its code and string (`<Fault -32602: add needs 2 parameters,
 * got 1; it did not run>`). Either way the `Fault` (the mapped error's `cause`) tells
 * through `outcome` whether the method ran: `not-executed` for the codes a server
 * answers before running it (−32602 for parameters that do not fit, −32601, −32600, −327xx).
 * At run time an object of a class stands for its class: that is what a
 * context file's inner `<object class="./errors.ts#NotEnoughCreditsError"/>` gives.
 */
export type FaultMap =
  Readonly<Record<string, FaultErrorClass>> | ReadonlyMap<number | string, FaultErrorClass>;

/** What a proxy maps the errors of its calls with. */
export interface ErrorMappingOptions {
  /** Fault → error class. @default none (faults stay `Fault`s) */
  readonly faults?: FaultMap | undefined;
  /** The class transport failures become. @default none (they stay `TransportError`s) */
  readonly transportErrorClass?: TransportErrorClass | undefined;
}

/** Turns the error of a call into what the caller should catch (or returns it unchanged). */
export type ErrorMapper = (error: unknown) => unknown;

const CODE_KEY = /^[+-]?\d+$/;

/**
 * Compiles `options` once into a mapper, checking that every value is an
 * `Error` class (or an object of one). `undefined` when nothing is mapped, so
 * a proxy without mapping pays nothing per call.
 */
export function errorMapper(options: ErrorMappingOptions): ErrorMapper | undefined {
  const { faults, transportErrorClass } = options;
  if (faults === undefined && transportErrorClass === undefined) return undefined;
  const mapFaultTo = faults === undefined ? undefined : compileFaults(faults);
  const transportClass =
    transportErrorClass === undefined
      ? undefined
      : (errorClassOf(transportErrorClass, 'transportErrorClass') as TransportErrorClass);
  return (error) => {
    if (error instanceof Fault) {
      const errorClass = mapFaultTo?.(error);
      return errorClass === undefined ? error : new errorClass(error.faultString, { cause: error });
    }
    if (transportClass !== undefined && error instanceof TransportError) {
      return new transportClass(error.message, { cause: error });
    }
    return error;
  };
}

/** Turns `error` into the mapped class when it is a `Fault` that `faults` maps; otherwise returns it. */
export function mapFault(error: unknown, faults: FaultMap | undefined): unknown {
  const mapper = faults === undefined ? undefined : errorMapper({ faults });
  return mapper === undefined ? error : mapper(error);
}

function compileFaults(faults: FaultMap): (fault: Fault) => FaultErrorClass | undefined {
  // Context files hand over whatever was written; a list or a string must fail here, not per call.
  if (typeof (faults as unknown) !== 'object' || (faults as unknown) === null || Array.isArray(faults)) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      'faults must be a map of fault code or prefix to class',
    );
  }
  const entries: [number | string, unknown][] =
    faults instanceof Map ? [...(faults as ReadonlyMap<number | string, unknown>)] : Object.entries(faults);
  const codes = new Map<string, FaultErrorClass>();
  const prefixes: [string, FaultErrorClass][] = [];
  for (const [key, value] of entries) {
    const errorClass = errorClassOf(value, `faults['${String(key)}']`) as FaultErrorClass;
    const text = String(key).trim();
    if (typeof key === 'number' || CODE_KEY.test(text)) codes.set(String(Number(text)), errorClass);
    else prefixes.push([key, errorClass]);
  }
  prefixes.sort(([a], [b]) => b.length - a.length);
  return (fault) =>
    codes.get(String(fault.faultCode)) ??
    prefixes.find(([prefix]) => fault.faultString.startsWith(prefix))?.[1];
}

/** The class `value` names: the class itself, or the class of an object of it. */
function errorClassOf(value: unknown, option: string): new (...args: never[]) => Error {
  const candidate: unknown =
    typeof value === 'object' && value !== null ? (value as { constructor: unknown }).constructor : value;
  if (typeof candidate === 'function' && (candidate === Error || candidate.prototype instanceof Error)) {
    return candidate as new (...args: never[]) => Error;
  }
  const shown = typeof value === 'string' ? `'${value}'` : typeof value;
  const hint =
    typeof value === 'string' && value.includes('#')
      ? `; in a context file write <object class="${value}"/> (YAML: {object: name, class: ${value}}) to name a class`
      : '';
  throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `${option}: ${shown} is not an Error class${hint}`);
}
