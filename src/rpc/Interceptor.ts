/**
 * An interceptor as options take it: the function itself, or an object with
 * an `intercept` method (what a context file's `ref` gives: an instance of a
 * class). Composed in order: the first one given is the outermost.
 */
export type InterceptorLike<Call, Next> =
  ((call: Call, next: Next) => Promise<unknown>) | { intercept(call: Call, next: Next): Promise<unknown> };

/**
 * The functions of `interceptors`, each bound to its object; refuses anything
 * else by naming `option` and the position, so a wrong ref fails at creation.
 */
export function interceptorFunctions<Call, Next>(
  interceptors: readonly InterceptorLike<Call, Next>[] | undefined,
  option: string,
  invalid: (message: string) => Error,
): ((call: Call, next: Next) => Promise<unknown>)[] {
  // A context file's single ref (not in a list) is a list of one; a <set> is as good as a <list>.
  const given: unknown = interceptors;
  if (given === undefined || given === null) return [];
  const list: readonly unknown[] = Array.isArray(given)
    ? given
    : given instanceof Set
      ? [...(given as Set<unknown>)]
      : [given];
  return list.map((interceptor: unknown, index) => {
    if (typeof interceptor === 'function') {
      return interceptor as (call: Call, next: Next) => Promise<unknown>;
    }
    const intercept =
      typeof interceptor === 'object' && interceptor !== null
        ? (interceptor as { intercept?: unknown }).intercept
        : undefined;
    if (typeof intercept !== 'function') {
      throw invalid(
        `${option}[${index}] is not an interceptor: give a function (call, next) => Promise, or an object with an intercept(call, next) method`,
      );
    }
    return (call: Call, next: Next) =>
      (intercept as (call: Call, next: Next) => Promise<unknown>).call(interceptor, call, next);
  });
}
