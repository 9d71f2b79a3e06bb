/**
 * Shape tests the writer applies to every value, kept cheap because arrays of
 * plain records are the usual large message.
 */

/** Whether `value` is a plain object or one without a prototype: written as a struct of its own keys. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether `Object.prototype` has no enumerable string key (nothing polluted
 * it), so that `for…in` over a plain object visits its own keys only.
 */
export function prototypeIsClean(): boolean {
  return Object.keys(Object.prototype).length === 0;
}

/** Whether `value` is written as `<int>`: an integer within 32 bits, and not −0 (a double keeps its sign). */
export function isInt32(value: number): boolean {
  return (value | 0) === value && (value !== 0 || 1 / value > 0);
}
