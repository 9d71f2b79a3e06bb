import type {
  ConstructorArgDefinition,
  ObjectDefinition,
  PropertyDefinition,
} from '../definitions/ObjectDefinition.js';
import { ContainerError } from './ContainerError.js';

function argKey(arg: ConstructorArgDefinition, position: number): string {
  if (arg.name !== undefined) return `name:${arg.name}`;
  return `index:${String(arg.index ?? position)}`;
}

function mergeArgs(
  parent: readonly ConstructorArgDefinition[],
  child: readonly ConstructorArgDefinition[],
): ConstructorArgDefinition[] {
  const merged = new Map<string, ConstructorArgDefinition>();
  parent.forEach((arg, position) => merged.set(argKey(arg, position), arg));
  child.forEach((arg, position) => merged.set(argKey(arg, position), arg));
  return [...merged.values()];
}

function mergeProperties(
  parent: readonly PropertyDefinition[],
  child: readonly PropertyDefinition[],
): PropertyDefinition[] {
  const merged = new Map<string, PropertyDefinition>();
  for (const property of [...parent, ...child]) merged.set(property.name, property);
  return [...merged.values()];
}

/** `child` with what it inherits from `parent` (already merged), Spring's rules. */
function inherit(parent: ObjectDefinition, child: ObjectDefinition): ObjectDefinition {
  const explicit = new Set(child.explicit ?? []);
  const className = child.className ?? parent.className;
  const initMethod = child.initMethod ?? parent.initMethod;
  const destroyMethod = child.destroyMethod ?? parent.destroyMethod;
  const factoryMethod = child.factoryMethod ?? parent.factoryMethod;
  return {
    id: child.id,
    ...(className === undefined ? {} : { className }),
    scope: explicit.has('scope') ? child.scope : parent.scope,
    lazyInit: explicit.has('lazyInit') ? child.lazyInit : parent.lazyInit,
    abstract: child.abstract,
    ...(initMethod === undefined ? {} : { initMethod }),
    ...(destroyMethod === undefined ? {} : { destroyMethod }),
    ...(factoryMethod === undefined ? {} : { factoryMethod }),
    dependsOn: child.dependsOn, // never inherited (Spring's rule, and the readers')
    constructorArgs: mergeArgs(parent.constructorArgs, child.constructorArgs),
    properties: mergeProperties(parent.properties, child.properties),
    location: child.location,
  };
}

/**
 * Applies `parent` inheritance: a child takes its parent's class, arguments,
 * properties and lifecycle, overriding what it writes itself. Idempotent, so
 * it is harmless when a reader has merged already. The result has no `parent`.
 */
export function inheritDefinitions(
  objects: ReadonlyMap<string, ObjectDefinition>,
): Map<string, ObjectDefinition> {
  const done = new Map<string, ObjectDefinition>();
  const resolve = (definition: ObjectDefinition, chain: readonly string[]): ObjectDefinition => {
    const finished = done.get(definition.id);
    if (finished !== undefined) return finished;
    if (definition.parent === undefined) return definition;
    if (chain.includes(definition.parent)) {
      throw new ContainerError(
        'SPINDLE_CONTAINER_CYCLE',
        `parent cycle: ${[...chain, definition.parent].join(' → ')}`,
        { objectId: definition.id, location: definition.location },
      );
    }
    const parent = objects.get(definition.parent);
    if (parent === undefined) {
      throw new ContainerError(
        'SPINDLE_CONTAINER_UNKNOWN_OBJECT',
        `object '${definition.id}' names parent '${definition.parent}', which is not defined`,
        { objectId: definition.id, location: definition.location },
      );
    }
    return inherit(resolve(parent, [...chain, definition.parent]), definition);
  };
  for (const [id, definition] of objects) done.set(id, resolve(definition, [id]));
  return done;
}
