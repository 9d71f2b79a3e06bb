/**
 * Test helpers: decoded structs are null-prototype objects, and
 * `assert.deepStrictEqual` compares prototypes, so expected values are built
 * with the same shape.
 */
export function struct(value: Record<string, unknown>): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) out[key] = deepStruct(value[key]);
  return out;
}

/** Every plain object inside `value` turned into a null-prototype struct. */
export function deepStruct(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepStruct);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return struct(value as Record<string, unknown>);
  }
  return value;
}

/** A `<methodResponse>` carrying one `<value>` with `inner` inside. */
export function response(inner: string): string {
  return `<?xml version="1.0"?><methodResponse><params><param><value>${inner}</value></param></params></methodResponse>`;
}
