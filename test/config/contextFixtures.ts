import { join } from 'node:path';

/** The context fixtures folder (tests run from dist/, fixtures stay in the source tree). */
export const fixtures = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'contexts');

/** Absolute path of a fixture. */
export function fixture(name: string): string {
  return join(fixtures, name);
}

/** A copy of a model without `location` keys, Maps as plain objects: what two formats must agree on. */
export function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, withoutLocations(v)]));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'location')
        .map(([key, v]) => [key, withoutLocations(v)]),
    );
  }
  return value;
}
