/** A value now, or later. Object creation stays synchronous unless something in it is async. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * True only for real promises. Deliberately not a `.then` probe: a remote proxy
 * answers any property name, and reading `then` on it must never happen.
 */
export function isPromise(value: unknown): value is Promise<unknown> {
  return value instanceof Promise;
}

/** `value.then(next)` that stays synchronous when `value` is not a promise. */
export function chain<T, U>(value: MaybePromise<T>, next: (resolved: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromise(value) ? value.then(next) : next(value);
}

/** Runs `steps` one after the other (never concurrently), synchronously while they are. */
export function sequence<T>(steps: readonly (() => MaybePromise<T>)[]): MaybePromise<T[]> {
  const results: T[] = [];
  const run = (index: number): MaybePromise<T[]> => {
    const step = steps[index];
    if (step === undefined) return results;
    return chain(step(), (value) => {
      results.push(value);
      return run(index + 1);
    });
  };
  return run(0);
}
