import { XmlRpcDateTime } from '../../codec/index.js';
import type { MethodSignature } from './MethodRegistry.js';

/** Whether one decoded value has the XML-RPC type named `type`. */
function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'any':
      return true;
    case 'int':
    case 'i4':
      return typeof value === 'number' && Number.isInteger(value);
    case 'i8':
      return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint';
    case 'double':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'base64':
      return Buffer.isBuffer(value);
    case 'array':
      return Array.isArray(value);
    case 'nil':
      return value === null || value === undefined;
    case 'dateTime.iso8601':
      // A `Date`, or the codec's naive date-time under `dateTimes: 'naive'`.
      return value instanceof Date || value instanceof XmlRpcDateTime;
    case 'struct':
      return (
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        !Buffer.isBuffer(value) &&
        !(value instanceof Date) &&
        !(value instanceof XmlRpcDateTime)
      );
    default:
      return true; // an unknown type name documents, it does not restrict
  }
}

/**
 * Whether `params` fit at least one of the declared signatures (each is
 * `[returnType, ...paramTypes]`): the right count, and each value of the named
 * type. An empty list of signatures accepts anything.
 */
export function matchesSignature(
  params: readonly unknown[],
  signatures: readonly MethodSignature[],
): boolean {
  if (signatures.length === 0) return true;
  return signatures.some(
    (signature) =>
      signature.length - 1 === params.length &&
      params.every((value, index) => hasType(value, signature[index + 1] ?? 'any')),
  );
}

/**
 * The return type of the first declared signature that `params` fit, or
 * `undefined` when none is declared or none fits.
 */
export function declaredResultType(
  params: readonly unknown[],
  signatures: readonly MethodSignature[],
): string | undefined {
  return signatures.find((signature) => matchesSignature(params, [signature]))?.[0];
}
