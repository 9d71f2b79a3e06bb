/** A decoded struct. */
export type Struct = Record<string, unknown>;

/**
 * A struct: an object without a prototype, so `__proto__` and `constructor` are
 * plain data keys. Made from a literal and then detached (rather than with
 * `Object.create(null)`) so V8 keeps it in fast mode.
 */
export function newStruct(): Struct {
  return Object.setPrototypeOf({}, null) as Struct;
}
