/**
 * Names a proxy never sends as remote calls, at any level, so the proxy can be
 * awaited, logged, serialised and string-converted like a plain object.
 */
export const LOCAL_NAMES: ReadonlySet<string> = new Set([
  'then',
  'catch',
  'finally',
  'toJSON',
  'constructor',
  'inspect',
  'toString',
  'valueOf',
  '__proto__',
  'prototype',
]);
