/** A decoded struct. */
export type Struct = Record<string, unknown>;

/**
 * A struct without a prototype (`structs: 'null-prototype'`). Made from a
 * literal and then detached (rather than with `Object.create(null)`) so V8
 * keeps it in fast mode.
 */
export function newStruct(): Struct {
  return Object.setPrototypeOf({}, null) as Struct;
}

/**
 * Whether member `key` can be set by plain assignment. A name that
 * `Object.prototype` has (`__proto__`, `constructor`, `toString`, or one a
 * polluted prototype gained) could instead change the prototype, call a setter
 * or fail on a frozen prototype, so it is defined with {@link defineMember}.
 */
export function isPlainKey(key: string): boolean {
  return !(key in Object.prototype);
}

/** Makes `key` an own, enumerable, writable data property of `struct`, whatever its name. */
export function defineMember(struct: Struct, key: string, value: unknown): void {
  Object.defineProperty(struct, key, { value, writable: true, enumerable: true, configurable: true });
}
