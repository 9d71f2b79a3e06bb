import type { ContextProblem } from './ContextProblem.js';
import type {
  ConstructorArgDefinition,
  ContextDefinition,
  ObjectDefinition,
  PropertyDefinition,
} from './ObjectDefinition.js';
import type { ValueDefinition } from './ValueDefinition.js';
import { didYouMean } from './closestMatches.js';
import { resolveAliases } from './resolveAliases.js';

/** What {@link resolveInheritance} gives back: the flattened context and what was wrong. */
export interface InheritanceResult {
  readonly context: ContextDefinition;
  readonly problems: readonly ContextProblem[];
}

/** The key under which a child's constructor arg overrides its parent's: name, else index or position. */
function argKeys(args: readonly ConstructorArgDefinition[]): string[] {
  let position = 0;
  return args.map((arg) => {
    if (arg.name !== undefined) return `name:${arg.name}`;
    if (arg.index !== undefined) return `index:${String(arg.index)}`;
    const key = `index:${String(position)}`;
    position += 1;
    return key;
  });
}

function mergeByKey<T>(
  parentItems: readonly T[],
  parentKeys: string[],
  childItems: readonly T[],
  childKeys: string[],
): T[] {
  const merged = [...parentItems];
  const keys = [...parentKeys];
  childItems.forEach((item, i) => {
    const key = childKeys[i] ?? '';
    const at = keys.indexOf(key);
    if (at === -1) {
      merged.push(item);
      keys.push(key);
    } else merged[at] = item;
  });
  return merged;
}

/** The child with what it inherits from its (already flattened) parent; Spring's rules. */
function merge(parent: ObjectDefinition, child: ObjectDefinition): ObjectDefinition {
  const explicit = child.explicit ?? [];
  const className = child.className ?? parent.className;
  const initMethod = child.initMethod ?? parent.initMethod;
  const destroyMethod = child.destroyMethod ?? parent.destroyMethod;
  const factoryMethod = child.factoryMethod ?? parent.factoryMethod;
  const factoryBean = child.factoryBean ?? parent.factoryBean;
  const properties: PropertyDefinition[] = mergeByKey(
    parent.properties,
    parent.properties.map((p) => p.name),
    child.properties,
    child.properties.map((p) => p.name),
  );
  return {
    ...child,
    ...(className === undefined ? {} : { className }),
    scope: explicit.includes('scope') ? child.scope : parent.scope,
    lazyInit: explicit.includes('lazyInit') ? child.lazyInit : parent.lazyInit,
    ...(initMethod === undefined ? {} : { initMethod }),
    ...(destroyMethod === undefined ? {} : { destroyMethod }),
    ...(factoryMethod === undefined ? {} : { factoryMethod }),
    ...(factoryBean === undefined ? {} : { factoryBean }),
    constructorArgs: mergeByKey(
      parent.constructorArgs,
      argKeys(parent.constructorArgs),
      child.constructorArgs,
      argKeys(child.constructorArgs),
    ),
    properties,
  };
}

/**
 * Flattens `parent` chains: a child inherits its parent's class, scope,
 * lazy-init (unless it says its own), constructor args (overridden by name,
 * index or position), properties (overridden by name), init, destroy and
 * factory methods and factory-bean. `abstract`, `depends-on`, `autowire`
 * and `primary` are never inherited (Spring takes them from the child). Abstract
 * definitions stay in the result (a container must skip them). Inner objects
 * may have a parent too. Pure: the input is not changed.
 *
 * Problems: a parent that does not exist, a parent chain that loops.
 */
export function resolveInheritance(context: ContextDefinition): InheritanceResult {
  const problems: ContextProblem[] = [];
  const aliases = resolveAliases(context).targets;
  const resolved = new Map<string, ObjectDefinition>();
  const inProgress: string[] = [];

  const flatten = (definition: ObjectDefinition): ObjectDefinition => {
    const withInner = mapInner(definition, flatten);
    if (withInner.parent === undefined) return withInner;
    // A parent may be named by an alias, as in Spring.
    const parentId = aliases.get(withInner.parent) ?? withInner.parent;
    const parent = context.objects.get(parentId);
    if (parent === undefined) {
      problems.push({
        code: 'unknown-parent',
        message: `parent '${parentId}' is not defined${didYouMean(parentId, context.objects.keys())}`,
        location: definition.location,
        objectId: definition.id,
      });
      return withInner;
    }
    const flatParent = top(parent);
    return flatParent === undefined ? withInner : merge(flatParent, withInner);
  };

  /** A top-level definition flattened once; undefined while it is part of a loop. */
  const top = (definition: ObjectDefinition): ObjectDefinition | undefined => {
    const done = resolved.get(definition.id);
    if (done !== undefined) return done;
    const at = inProgress.indexOf(definition.id);
    if (at !== -1) {
      const loop = [...inProgress.slice(at), definition.id];
      problems.push({
        code: 'parent-cycle',
        message: `parent chain loops: ${loop.join(' → ')}`,
        location: definition.location,
        objectId: definition.id,
      });
      return undefined;
    }
    inProgress.push(definition.id);
    const result = flatten(definition);
    inProgress.pop();
    resolved.set(definition.id, result);
    return result;
  };

  for (const definition of context.objects.values()) top(definition);
  const objects = new Map<string, ObjectDefinition>();
  for (const [id, definition] of context.objects) objects.set(id, resolved.get(id) ?? definition);
  return { context: { ...context, objects }, problems };
}

/** The definition with every inner object passed through `map`. */
function mapInner(
  definition: ObjectDefinition,
  map: (inner: ObjectDefinition) => ObjectDefinition,
): ObjectDefinition {
  const value = (v: ValueDefinition): ValueDefinition => {
    switch (v.kind) {
      case 'object':
        return { ...v, definition: map(v.definition) };
      case 'list':
      case 'set':
        return { ...v, items: v.items.map(value) };
      case 'dict':
        return { ...v, entries: v.entries.map((entry) => ({ key: entry.key, value: value(entry.value) })) };
      case 'literal':
      case 'ref':
      case 'props':
      case 'null':
        return v;
    }
  };
  return {
    ...definition,
    constructorArgs: definition.constructorArgs.map((arg) => ({ ...arg, value: value(arg.value) })),
    properties: definition.properties.map((property) => ({ ...property, value: value(property.value) })),
  };
}
