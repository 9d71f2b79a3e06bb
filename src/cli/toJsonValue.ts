import { XmlRpcDateTime, XmlRpcDouble, XmlRpcI8, XmlRpcInt } from '../codec/index.js';

/**
 * A decoded XML-RPC value as plain JSON, for `spindle call` and `describe`.
 * Types JSON lacks get one-key objects (the same forms `spindle call` reads):
 * base64 → `{"$base64": "aGk="}`, an i8 beyond 2^53 → `{"$i8": "9007199254740993"}`,
 * a dateTime with a zone → `{"$dateTime": "2026-01-02T03:04:05.000Z"}`, a naive
 * one → `{"$dateTime": "20260102T03:04:05"}` (its text as received).
 */
export function toJsonValue(value: unknown): unknown {
  // A void method's nil (read back as undefined) prints as JSON's null.
  if (value === undefined) return null;
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (typeof value === 'bigint') return { $i8: value.toString() };
  if (Buffer.isBuffer(value)) return { $base64: value.toString('base64') };
  if (value instanceof Date) return { $dateTime: value.toISOString() };
  if (value instanceof XmlRpcDateTime) return { $dateTime: value.value };
  if (value instanceof XmlRpcI8) return { $i8: value.value.toString() };
  if (value instanceof XmlRpcInt || value instanceof XmlRpcDouble) return value.value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      // defineProperty, so a member named __proto__ stays a member.
      Object.defineProperty(result, key, {
        value: toJsonValue(member),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  }
  // Functions, symbols: not XML-RPC values; say what they were.
  return typeof value;
}
