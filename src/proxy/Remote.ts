/**
 * The remote view of a service type `T`: every method returns a Promise of
 * its (awaited) result, and nested objects become nested namespaces
 * (`examples.getStateName` is `proxy.examples.getStateName(41)`).
 *
 * @example
 * interface Calculator { add(a: number, b: number): number }
 * const calc: Remote<Calculator> = createProxy<Calculator>('http://127.0.0.1:8000/');
 * const sum: number = await calc.add(2, 3);
 */
export type Remote<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : T[K] extends object
      ? Remote<T[K]>
      : never;
};

/** A remote method whose parameters and result are not described by a type. */
export type UntypedRemoteMethod = (...args: readonly unknown[]) => Promise<unknown>;
