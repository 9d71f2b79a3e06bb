/**
 * Built-ins whose content is not in their own enumerable properties: written
 * the JSON.stringify way they would silently become `{}` (or lose their
 * message), so they are refused, each with what to send instead.
 */
const NOT_DATA: readonly (readonly [abstract new (...args: never[]) => object, string])[] = [
  [Promise, 'await it first'],
  [Set, 'send an array, [...set]'],
  [WeakMap, 'its entries cannot be listed'],
  [WeakSet, 'its entries cannot be listed'],
  [WeakRef, 'send what it refers to'],
  [FinalizationRegistry, 'it holds no data'],
  [Error, 'throw it to answer with a fault, or send { name, message }'],
  [RegExp, 'send its source as a string'],
  [ArrayBuffer, 'send a Uint8Array over it'],
  [SharedArrayBuffer, 'send a Uint8Array over it'],
];

/** %IteratorPrototype%: generators and the iterators of arrays, Maps and Sets inherit from it. */
const ITERATOR_PROTOTYPE: object | null = Object.getPrototypeOf(
  Object.getPrototypeOf([][Symbol.iterator]()),
) as object | null;

/**
 * Why `value` is not data the codec writes, or `undefined` when it is an
 * instance to write as JSON.stringify does (its `toJSON()` result, else its
 * own enumerable string-keyed properties). Only asked for objects that are not
 * plain, arrays, bytes, dates, Maps or the codec's own wrappers.
 */
export function notDataReason(value: object): string | undefined {
  for (const [type, instead] of NOT_DATA) {
    if (value instanceof type) return refusal(value, type.name, instead);
  }
  if (ArrayBuffer.isView(value)) return refusal(value, 'typed array', 'send its bytes as a Uint8Array');
  if (ITERATOR_PROTOTYPE !== null && Object.prototype.isPrototypeOf.call(ITERATOR_PROTOTYPE, value)) {
    return refusal(value, 'iterator', 'send an array, [...iterator]');
  }
  return undefined;
}

/**
 * The primitive inside a boxed `Number`, `String`, `Boolean` or `BigInt`
 * (`new String('a')`), which JSON.stringify also writes as its primitive; `value` itself otherwise.
 */
export function unboxed(value: object): unknown {
  if (
    value instanceof Number ||
    value instanceof String ||
    value instanceof Boolean ||
    value instanceof BigInt
  ) {
    return value.valueOf();
  }
  return value;
}

function refusal(value: object, kind: string, instead: string): string {
  const name = nameOf(value);
  const what = name !== undefined && name !== kind ? `${name} (${withArticle(kind)})` : kind;
  return `${withArticle(what)} is not an XML-RPC value (${instead})`;
}

/** The class name of `value`, else its `Symbol.toStringTag` (`Generator`, `Map Iterator`). */
function nameOf(value: object): string | undefined {
  const type: unknown = (value as { constructor?: unknown }).constructor;
  if (typeof type === 'function' && type.name !== '' && type.name !== 'Object') return type.name;
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return tag === 'Object' ? undefined : tag;
}

function withArticle(noun: string): string {
  return /^[AEIOUaeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
