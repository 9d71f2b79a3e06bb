import { Fault, FAULT_CODES, XmlRpcDateTime } from '../../codec/index.js';
import { matchesSignature } from './matchesSignature.js';
import type { RegisteredMethod } from './MethodRegistry.js';

/**
 * How to let callers leave a parameter out: a TypeScript optional parameter
 * (`key?: string`) compiles to a plain one that `Function.length` counts.
 */
const OPTIONAL_HINT = '(give a parameter a default value, `= undefined`, to let callers leave it out)';

/** How many parameter types a signature fault names. */
const SHOWN_TYPES = 8;

/**
 * The −32602 fault for parameters that do not fit a method, checked before it
 * runs; undefined when they fit. A method with declared signatures takes
 * exactly what one of them lists. Any other takes at least its function's
 * `length` (parameters with a default and rest parameters are optional) and
 * receives extra parameters the way a local call does: JavaScript ignores
 * them unless the method reads `arguments` or a rest parameter.
 */
export function paramsFault(entry: RegisteredMethod, params: readonly unknown[]): Fault | undefined {
  const { name, signatures, requiredParams } = entry;
  if (signatures === undefined) {
    if (params.length >= requiredParams) return undefined;
    return new Fault(
      FAULT_CODES.INVALID_PARAMS,
      `${name} needs ${count(requiredParams)}, got ${String(params.length)}; it did not run ${OPTIONAL_HINT}`,
    );
  }
  if (matchesSignature(params, signatures)) return undefined;
  const expected = signatures.map((signature) => `(${signature.slice(1).join(', ')})`).join(' or ');
  // A hostile request may carry thousands of parameters: name the first few types only.
  const types = params.slice(0, SHOWN_TYPES).map(typeName);
  if (params.length > SHOWN_TYPES) types.push('…');
  return new Fault(
    FAULT_CODES.INVALID_PARAMS,
    `wrong parameters for ${name}: expected ${expected}, got ${count(params.length)} (${types.join(', ')}); it did not run`,
  );
}

function count(n: number): string {
  return `${String(n)} parameter${n === 1 ? '' : 's'}`;
}

/** The XML-RPC type name of a decoded value, as signatures write it. */
function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'bigint') return 'i8';
  if (typeof value === 'boolean' || typeof value === 'string') return typeof value;
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'base64';
  if (value instanceof Date || value instanceof XmlRpcDateTime) return 'dateTime.iso8601';
  return 'struct';
}
