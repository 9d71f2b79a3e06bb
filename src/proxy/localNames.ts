/**
 * Names a proxy never sends as remote calls, at any level, so the proxy can be
 * awaited, serialised and handled like a plain object: `then` (what `await`
 * and `Promise.resolve` look for), `toJSON` (what `JSON.stringify` looks for),
 * `constructor`, and the members of `Object.prototype` (`toString`, `valueOf`,
 * `hasOwnProperty`, `__proto__`, …), which code that handles any object calls
 * and a Spindle exporter never exports. Symbols are never remote either.
 *
 * Everything else is a remote method, `inspect`, `catch` and `finally`
 * included: `console.log` and `util.inspect` read the proxy's target without
 * going through the proxy, and Node has not called an `inspect` method since v11.
 */
export const LOCAL_NAMES: ReadonlySet<string> = new Set([
  'then',
  'toJSON',
  ...Object.getOwnPropertyNames(Object.prototype), // constructor, toString, valueOf, __proto__, …
]);
