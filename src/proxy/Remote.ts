import type { Decoded } from './Decoded.js';

/**
 * The remote view of a service type `T`: every method returns a Promise of
 * its (awaited) result as it arrives over the wire ({@link Decoded}: a `Date`
 * stays a `Date`, a `bigint` may arrive as a `number`, a `Map` as a plain
 * object), and nested objects become nested namespaces
 * (`examples.getStateName` is `proxy.examples.getStateName(41)`).
 *
 * `DateTime` is what a date-time arrives as: `Date` by default; give
 * `Date | XmlRpcDateTime` for a proxy made with `decoding: { dateTimes: 'naive' }`.
 *
 * @example
 * interface Calculator { add(a: number, b: number): number }
 * const calc: Remote<Calculator> = createProxy<Calculator>('http://127.0.0.1:8000/');
 * const sum: number = await calc.add(2, 3);
 */
export type Remote<T, DateTime = Date> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Decoded<Awaited<R>, DateTime>>
    : T[K] extends object
      ? Remote<T[K], DateTime>
      : never;
};

/** A remote method whose parameters and result are not described by a type. */
export type UntypedRemoteMethod = (...args: readonly unknown[]) => Promise<unknown>;
