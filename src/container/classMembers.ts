import { findClassMethod } from './findClassMethod.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any class or constructor function
type AnyClass = Function;

/** The source of `type` and of every class it extends (not `Function.prototype`). */
function sources(type: AnyClass): string[] {
  const texts: string[] = [];
  for (
    let current: unknown = type;
    typeof current === 'function' && current !== Function.prototype;
    current = Object.getPrototypeOf(current)
  ) {
    texts.push(Function.prototype.toString.call(current));
  }
  return texts;
}

/** True when instances of `type` have method `name` on their prototype chain, as the container looks for it. */
export function hasInstanceMethod(type: AnyClass, name: string): boolean {
  const prototype: unknown = type.prototype;
  if (typeof prototype !== 'object' || prototype === null) return false;
  return findClassMethod(Object.create(prototype) as object, name, false) !== undefined;
}

/**
 * True when instances of `type` may have a member `name`: a method on the
 * prototype chain, or a name the class source mentions (an arrow-function
 * field such as `greet = () => …` lives on the instance, where nothing can
 * see it before the object is made). Used to refuse names only when no
 * instance could have them.
 */
export function mayHaveMember(type: AnyClass, name: string): boolean {
  if (hasInstanceMethod(type, name)) return true;
  const word = new RegExp(`(^|[^\\w$])${name.replace(/[$]/g, '\\$')}($|[^\\w$])`);
  return sources(type).some((text) => word.test(text));
}

/**
 * Walks `text` from `from`, skipping string literals, and calls `visit` with
 * every other character, the bracket depth it stands at and its index (a closing bracket
 * stands at its opening one's); stops at the first `true` and returns that
 * index, or -1.
 */
function scan(
  text: string,
  from: number,
  visit: (c: string, depth: number, index: number) => boolean,
): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = from; i < text.length; i += 1) {
    const c = text[i] ?? '';
    if (quote !== undefined) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') depth -= 1;
    if (visit(c, depth, i)) return i;
    if (c === '(' || c === '[' || c === '{') depth += 1;
  }
  return -1;
}

/** The text between the parenthesis at `open` and its match, or undefined when unbalanced. */
function parenthesised(text: string, open: number): string | undefined {
  const close = scan(text, open, (c, depth) => c === ')' && depth === 0);
  return close < 0 ? undefined : text.slice(open + 1, close);
}

/** Top-level parameters in a parameter list: commas outside brackets and strings. */
function countParameters(list: string): number {
  if (list.trim() === '') return 0;
  let count = 1;
  scan(list, 0, (c, depth) => {
    if (c === ',' && depth === 0) count += 1;
    return false;
  });
  // A trailing comma declares no parameter.
  return /,\s*$/.test(list) ? count - 1 : count;
}

/**
 * How many arguments the constructor of `type` declares, or undefined when it
 * takes any number (a rest parameter, `arguments`) or cannot be read. A class
 * without a constructor of its own takes its parent's.
 */
export function constructorArity(type: AnyClass): number | undefined {
  const text = Function.prototype.toString.call(type);
  if (/\barguments\b/.test(text) || text.includes('[native code]')) return undefined;
  let list: string | undefined;
  if (text.startsWith('class')) {
    const match = /(^|[\s;{}])constructor\s*\(/.exec(text);
    if (match === null) {
      const parent: unknown = Object.getPrototypeOf(type);
      if (parent === Function.prototype) return 0;
      return typeof parent === 'function' ? constructorArity(parent) : undefined;
    }
    list = parenthesised(text, match.index + match[0].length - 1);
  } else {
    const open = text.indexOf('(');
    list = open < 0 ? undefined : parenthesised(text, open);
  }
  if (list === undefined || list.includes('...')) return undefined;
  return countParameters(list);
}

/** The text inside the braces of a class body, or undefined when `text` is not a class. */
function classBody(text: string): string | undefined {
  if (!text.startsWith('class')) return undefined;
  const open = scan(text, 0, (c, depth) => c === '{' && depth === 0);
  const close = open < 0 ? -1 : scan(text, open, (c, depth) => c === '}' && depth === 0);
  return close < 0 ? undefined : text.slice(open + 1, close);
}

/**
 * The instance fields `type` and its parents declare without an initializer
 * (`ledger;`, what TypeScript emits for `ledger!: Ledger`), read from the
 * class source: the fields autowiring may fill. A field with an initializer
 * is the class's own choice and is left alone; `static` and `#private`
 * fields are never filled.
 */
export function declaredFields(type: AnyClass): string[] {
  const fields: string[] = [];
  for (const text of sources(type)) {
    const body = classBody(text);
    if (body === undefined) continue;
    let start = 0;
    const member = (end: number): void => {
      const name = /^\s*([A-Za-z_$][\w$]*)\s*$/.exec(body.slice(start, end))?.[1];
      if (name !== undefined && !['static', 'get', 'set', 'async'].includes(name) && !fields.includes(name))
        fields.push(name);
      start = end + 1;
    };
    scan(body, 0, (c, depth, index) => {
      if (depth === 0 && (c === ';' || c === '\n' || c === '}')) member(index);
      return false;
    });
    member(body.length);
  }
  return fields;
}

/** Names with a setter on the prototype chain of `type`'s instances (not `Object.prototype`). */
export function setterNames(type: AnyClass): string[] {
  const names: string[] = [];
  for (
    let holder: unknown = type.prototype;
    typeof holder === 'object' && holder !== null && holder !== Object.prototype;
    holder = Object.getPrototypeOf(holder)
  ) {
    for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(holder))) {
      if (descriptor.set !== undefined && !names.includes(name)) names.push(name);
    }
  }
  return names;
}
