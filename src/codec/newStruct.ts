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

/**
 * Sets member `key` (a plain key, see {@link isPlainKey}) found at position
 * `index` of its struct. Each of the first positions has its own assignment:
 * in an array of same-shaped structs every site then always sees the same name
 * and V8 keeps a fast, monomorphic store there, where one shared site would see
 * every name and fall back to a generic lookup per member.
 */
export function setMember(struct: Struct, index: number, key: string, value: unknown): void {
  switch (index) {
    case 0:
      struct[key] = value;
      return;
    case 1:
      struct[key] = value;
      return;
    case 2:
      struct[key] = value;
      return;
    case 3:
      struct[key] = value;
      return;
    case 4:
      struct[key] = value;
      return;
    case 5:
      struct[key] = value;
      return;
    case 6:
      struct[key] = value;
      return;
    case 7:
      struct[key] = value;
      return;
    default:
      struct[key] = value;
  }
}
