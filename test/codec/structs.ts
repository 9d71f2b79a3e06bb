/**
 * Test helpers: decoded structs are plain objects by default (null-prototype
 * ones under `structs: 'null-prototype'`), and `assert.deepStrictEqual`
 * compares prototypes, so expected values are built with the same shape. Every
 * member is an own data property, `__proto__` included, as the decoder makes it.
 */
export function struct(value: Record<string, unknown>, nullPrototype = false): Record<string, unknown> {
  const out: Record<string, unknown> = nullPrototype ? (Object.create(null) as Record<string, unknown>) : {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, {
      value: deepStruct(value[key], nullPrototype),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return out;
}

/** Every plain or null-prototype object inside `value` rebuilt as a struct of the given kind. */
export function deepStruct(value: unknown, nullPrototype = false): unknown {
  if (Array.isArray(value)) return value.map((item) => deepStruct(item, nullPrototype));
  if (typeof value === 'object' && value !== null) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      return struct(value as Record<string, unknown>, nullPrototype);
    }
  }
  return value;
}

/** A `<methodResponse>` carrying one `<value>` with `inner` inside. */
export function response(inner: string): string {
  return `<?xml version="1.0"?><methodResponse><params><param><value>${inner}</value></param></params></methodResponse>`;
}
