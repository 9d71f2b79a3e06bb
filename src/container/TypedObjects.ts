import 'reflect-metadata';

import type { ObjectDefinition } from '../definitions/index.js';
import { formatLocation } from '../definitions/index.js';
import type { ClassEntry, Constructor, RegisteredClass } from './ClassRegistry.js';
import { declaredFields, setterNames } from './classMembers.js';
import { ContainerError } from './ContainerError.js';

/** Classes that stand for plain values (what `design:type` says of `string`, `number`, …): never autowired. */
const valueClasses: readonly unknown[] = [
  String,
  Number,
  Boolean,
  Object,
  Array,
  Function,
  Promise,
  Map,
  Set,
  Date,
  RegExp,
  Symbol,
  BigInt,
];

/** The one object chosen for a slot, or why none could be. */
export type Choice = { readonly id: string } | { readonly problem: string };

/**
 * The context's top-level objects by the class they are declared with, for
 * autowiring by type and for `ctx.get(Class)` / `ctx.getObjectsOfType`:
 * one answer at check time and at run time, because it is read from the
 * definitions, never from created objects.
 */
export class TypedObjects {
  /** Concrete top-level id → its declared class, in definition order. */
  readonly #types = new Map<string, Constructor>();
  readonly #primary = new Set<string>();
  readonly #ids = new Set<string>();

  /**
   * @param definitions - top-level definitions by id
   * @param classes - the class of each definition
   * @param aliases - alias → object id (chains followed)
   */
  public constructor(
    definitions: ReadonlyMap<string, ObjectDefinition>,
    classes: ReadonlyMap<ObjectDefinition, ClassEntry>,
    public readonly aliases: ReadonlyMap<string, string>,
  ) {
    for (const [id, definition] of definitions) {
      if (definition.abstract) continue;
      this.#ids.add(id);
      const type = declaredType(definition, classes);
      if (type !== undefined) this.#types.set(id, type);
      if (definition.primary === true) this.#primary.add(id);
    }
  }

  /** True when `id` is a concrete top-level object (any class, built-ins included). */
  public hasObject(id: string): boolean {
    return this.#ids.has(id);
  }

  /** The declared class of `id`, if it has one. */
  public typeOf(id: string): Constructor | undefined {
    return this.#types.get(id);
  }

  /** The ids whose declared class is `type` or extends it, in definition order. */
  public idsOfType(type: Constructor): string[] {
    return [...this.#types].filter(([, declared]) => isAssignable(declared, type)).map(([id]) => id);
  }

  /** Every declared class and every class it extends (not `Object`), once. */
  public classes(): Constructor[] {
    const found = new Set<Constructor>();
    for (const type of this.#types.values()) {
      for (
        let current: unknown = type;
        typeof current === 'function' && current !== Function.prototype && current !== Object;
        current = Object.getPrototypeOf(current)
      )
        found.add(current as Constructor);
    }
    return [...found];
  }

  /**
   * The one object of `type` for a slot (Spring's choice): the only
   * candidate; else the only `primary` one (several are refused); else the
   * one whose id or alias is the slot's name. `exclude` is the object being
   * wired (never itself).
   */
  public choose(type: Constructor, slot: string | undefined, exclude?: string): Choice {
    const candidates = this.idsOfType(type).filter((id) => id !== exclude);
    const className = type.name || '(anonymous)';
    const what = `object of class ${className}`;
    const whats = `objects of class ${className}`;
    const forSlot = slot === undefined ? '' : ` for '${slot}'`;
    const [only] = candidates;
    if (only === undefined) return { problem: `no ${what}${forSlot}` };
    if (candidates.length === 1) return { id: only };
    const primary = candidates.filter((id) => this.#primary.has(id));
    const [onlyPrimary] = primary;
    if (primary.length > 1) {
      // Spring refuses several primaries outright, before any match by name.
      return {
        problem: `several primary ${whats}${forSlot}: ${primary.join(', ')}; keep primary="true" on one`,
      };
    }
    if (onlyPrimary !== undefined) return { id: onlyPrimary };
    const named = slot === undefined ? undefined : (this.aliases.get(slot) ?? slot);
    if (named !== undefined && candidates.includes(named)) return { id: named };
    return {
      problem: `${String(candidates.length)} ${whats}${forSlot}: ${candidates.join(', ')}; mark one primary="true"`,
    };
  }
}

/** True when instances of `declared` are instances of `type`. */
function isAssignable(declared: Constructor, type: Constructor): boolean {
  return declared === type || Object.prototype.isPrototypeOf.call(type.prototype, declared.prototype);
}

/**
 * The class an object is declared with, for lookup by type and autowiring:
 * its `class`, or for a `factory-bean` the `class` it writes (what the
 * factory makes). A static `factory-method`'s object has none: like
 * Spring, its type is what the method returns, not the class declaring the
 * method, and that is only known once it is made. Built-ins have none
 * either: a proxy or a pool stands for a remote service of no local class.
 */
export function declaredType(
  definition: ObjectDefinition,
  classes: ReadonlyMap<ObjectDefinition, ClassEntry>,
): Constructor | undefined {
  if (definition.factoryMethod !== undefined && definition.factoryBean === undefined) return undefined;
  const entry = classes.get(definition);
  return entry?.kind === 'class' ? entry.type : undefined;
}

/**
 * Throws `SPINDLE_CONTAINER_AUTOWIRE`, located at the object's definition,
 * when `object` (made for `definition`) is not an instance of `type`: a
 * factory-bean's `class` may name what its factory does not make.
 */
export function assertInstanceOf(object: unknown, type: Constructor, definition: ObjectDefinition): void {
  if (object instanceof type) return;
  const made: unknown =
    typeof object === 'object' && object !== null
      ? (object as { constructor?: { name?: unknown } }).constructor?.name
      : typeof object;
  throw new ContainerError(
    'SPINDLE_CONTAINER_AUTOWIRE',
    `object '${definition.id}' (${formatLocation(definition.location)}) is declared of class ` +
      `${type.name || '(anonymous)'} but is ${typeof made === 'string' && made !== '' ? `a ${made}` : 'of another class'}`,
    { objectId: definition.id, location: definition.location },
  );
}

/** False for the classes of plain values (`String`, `Object`, …), which are never autowired. */
export function isObjectClass(type: unknown): type is Constructor {
  return typeof type === 'function' && !valueClasses.includes(type);
}

/** The constructor's parameter classes: registered `argTypes`, else TypeScript's `design:paramtypes`. */
export function constructorTypes(entry: RegisteredClass): readonly unknown[] | undefined {
  if (entry.argTypes !== undefined) return entry.argTypes;
  const emitted: unknown = Reflect.getMetadata('design:paramtypes', entry.type);
  return Array.isArray(emitted) ? emitted : undefined;
}

/** The properties autowiring may fill: setters, fields declared without initializer, registered `propertyTypes`. */
export function autowirableProperties(entry: RegisteredClass): string[] {
  const names = [...setterNames(entry.type), ...declaredFields(entry.type)];
  for (const name of Object.keys(entry.propertyTypes ?? {})) if (!names.includes(name)) names.push(name);
  return names;
}

/** A property's class: registered `propertyTypes`, else TypeScript's `design:type` (decorated properties). */
export function propertyType(entry: RegisteredClass, name: string): unknown {
  const registered = entry.propertyTypes;
  if (registered !== undefined && Object.hasOwn(registered, name)) return registered[name];
  const prototype: unknown = entry.type.prototype;
  return typeof prototype === 'object' && prototype !== null
    ? (Reflect.getMetadata('design:type', prototype, name) as unknown)
    : undefined;
}
