import { types } from 'node:util';

/**
 * Finds method `name` on the class of `target` (its prototype chain, or with
 * `isStatic` on the class itself and its parents), stopping before
 * `Object.prototype` / `Function.prototype`.
 *
 * It reads property descriptors, never `target[name]`, and returns nothing for
 * a JavaScript `Proxy`: a remote proxy answers any name, so asking it for
 * `afterPropertiesSet` would be a remote call (Spring Python's bug).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function findClassMethod(target: unknown, name: string, isStatic: boolean): Function | undefined {
  if (
    (typeof target !== 'object' && typeof target !== 'function') ||
    target === null ||
    types.isProxy(target)
  ) {
    return undefined;
  }
  const stop: unknown = isStatic ? Function.prototype : Object.prototype;
  let holder: unknown = isStatic ? target : Object.getPrototypeOf(target);
  while (typeof holder === 'object' || typeof holder === 'function') {
    if (holder === null || holder === stop || types.isProxy(holder)) return undefined;
    const descriptor = Object.getOwnPropertyDescriptor(holder, name);
    if (descriptor !== undefined) {
      return typeof descriptor.value === 'function'
        ? (descriptor.value as ReturnType<typeof findClassMethod>)
        : undefined;
    }
    holder = Object.getPrototypeOf(holder);
  }
  return undefined;
}
