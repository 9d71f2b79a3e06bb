import { XmlRpcDouble, XmlRpcI8 } from '../../codec/index.js';

/** The declared result types that change how a number is written. */
const NUMBER_TYPES: ReadonlySet<string> = new Set(['double', 'i8']);

/** `value` wrapped so that the codec writes it as `type`, when it is a number that type can hold. */
function typed(value: unknown, type: string): unknown {
  if (type === 'double') {
    return typeof value === 'number' && Number.isFinite(value) ? new XmlRpcDouble(value) : value;
  }
  // i8: an integral number within 64 bits (a bigint is written as <i8> already)
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) < 2 ** 63
    ? new XmlRpcI8(value)
    : value;
}

/**
 * A method's result as its declared signature says it is written: a number
 * declared `double` goes out as `<double>` even when integral (a pass-through
 * of `<double>2.0</double>` stays a double), one declared `i8` as `<i8>`. Any
 * other type, or a value of another kind, is left to the codec's own choice.
 * A promise gives a promise of the typed value.
 */
export function typedResult(result: unknown, type: string | undefined): unknown {
  if (type === undefined || !NUMBER_TYPES.has(type)) return result;
  if (
    result !== null &&
    (typeof result === 'object' || typeof result === 'function') &&
    typeof (result as { then?: unknown }).then === 'function'
  ) {
    return Promise.resolve(result).then((value) => typed(value, type));
  }
  return typed(result, type);
}
