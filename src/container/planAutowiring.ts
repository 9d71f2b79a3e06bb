import type {
  ConstructorArgDefinition,
  ObjectDefinition,
  PropertyDefinition,
  RefValue,
} from '../definitions/index.js';
import { constructorArity } from './classMembers.js';
import type { ClassEntry, RegisteredClass } from './ClassRegistry.js';
import { ContainerError } from './ContainerError.js';
import { isInjectableClass } from './isInjectableClass.js';
import { placeConstructorArgs } from './placeConstructorArgs.js';
import type { TypedObjects } from './TypedObjects.js';
import { autowirableProperties, constructorTypes, isObjectClass, propertyType } from './TypedObjects.js';
import type { WiringProblem } from './WiringProblem.js';

/** What {@link planAutowiring} decided. */
export interface AutowirePlan {
  /** Each autowired definition → the same with its autowired `ref`s written out. */
  readonly wired: ReadonlyMap<ObjectDefinition, ObjectDefinition>;
  readonly problems: readonly WiringProblem[];
}

/**
 * Decides, before anything is created, what every `autowire` fills, and
 * writes it out as the `ref`s a user would have written, so that `spindle
 * check` and `load` see one answer (and cycles through autowired slots are
 * found like any other):
 *
 * - `byName`: each autowirable property (a setter, or a field declared
 *   without initializer) named like an object id or alias; others are left;
 * - `byType`: each autowirable property whose class is known (registered
 *   `propertyTypes`, or TypeScript's `design:type`) gets the one object of
 *   that class ({@link TypedObjects.choose}); none or several is a problem;
 * - `constructor`: each parameter no `<constructor-arg>` fills, by its class
 *   (registered `argTypes`, or `design:paramtypes`); a class written with
 *   inversify decorators is left to inversify, which asks the context.
 *
 * Properties and arguments the file writes always win. Plain-value classes
 * (`String`, `Number`, `Object`…) are never autowired.
 */
export function planAutowiring(
  definitions: readonly ObjectDefinition[],
  classes: ReadonlyMap<ObjectDefinition, ClassEntry>,
  objects: TypedObjects,
): AutowirePlan {
  const wired = new Map<ObjectDefinition, ObjectDefinition>();
  const problems: WiringProblem[] = [];
  for (const definition of definitions) {
    const mode = definition.autowire;
    if (mode === undefined || definition.abstract) continue;
    const problem = (message: string): void => {
      problems.push({
        code: 'SPINDLE_CONTAINER_AUTOWIRE',
        message,
        location: definition.location,
        objectId: definition.id,
      });
    };
    const entry = classes.get(definition);
    if (entry?.kind !== 'class') {
      if (entry?.kind === 'descriptor')
        problem(`autowire is for your own classes; write the options of ${entry.name} out`);
      else if (definition.factoryBean !== undefined)
        problem(`autowire="${mode}" needs the class the factory-bean makes: write it as class="…"`);
      continue;
    }
    const ref = (id: string): RefValue => ({ kind: 'ref', id, location: definition.location });
    const result =
      mode === 'constructor'
        ? constructorRefs(definition, entry, objects, ref, problem)
        : propertyRefs(definition, entry, objects, mode, ref, problem);
    if (result.args.length > 0 || result.properties.length > 0) {
      wired.set(definition, {
        ...definition,
        constructorArgs: [...definition.constructorArgs, ...result.args],
        properties: [...definition.properties, ...result.properties],
      });
    }
  }
  return { wired, problems };
}

interface Refs {
  readonly args: ConstructorArgDefinition[];
  readonly properties: PropertyDefinition[];
}

function propertyRefs(
  definition: ObjectDefinition,
  entry: RegisteredClass,
  objects: TypedObjects,
  mode: 'byName' | 'byType',
  ref: (id: string) => RefValue,
  problem: (message: string) => void,
): Refs {
  const written = new Set(definition.properties.map((property) => property.name));
  const properties: PropertyDefinition[] = [];
  for (const name of autowirableProperties(entry)) {
    if (written.has(name)) continue;
    let id: string | undefined;
    if (mode === 'byName') {
      const named = objects.aliases.get(name) ?? name;
      if (named !== definition.id && objects.hasObject(named)) id = named;
    } else {
      const type = propertyType(entry, name);
      if (!isObjectClass(type)) continue;
      const choice = objects.choose(type, name, definition.id);
      if ('problem' in choice) problem(`autowire="byType": property '${name}': ${choice.problem}`);
      else id = choice.id;
    }
    if (id !== undefined) properties.push({ name, value: ref(id), location: definition.location });
  }
  return { args: [], properties };
}

function constructorRefs(
  definition: ObjectDefinition,
  entry: RegisteredClass,
  objects: TypedObjects,
  ref: (id: string) => RefValue,
  problem: (message: string) => void,
): Refs {
  const none: Refs = { args: [], properties: [] };
  if (definition.factoryMethod !== undefined || definition.factoryBean !== undefined) {
    problem(`autowire="constructor" fills a constructor, but a factory-method makes this object`);
    return none;
  }
  // inversify builds a decorated class itself, and asks the context for each parameter's class.
  if (isInjectableClass(entry.type)) return none;
  let placed: readonly unknown[];
  try {
    placed = placeConstructorArgs(definition, entry);
  } catch (error) {
    if (error instanceof ContainerError) return none; // checkLocalClass reports it
    throw error;
  }
  const types = constructorTypes(entry);
  const arity = constructorArity(entry.type) ?? 0;
  if (types === undefined) {
    if (arity > placed.filter((arg) => arg !== undefined).length) {
      problem(
        `autowire="constructor": the parameter classes of ${entry.name} are unknown; ` +
          `register it with argTypes, or compile it with a class decorator (design:paramtypes)`,
      );
    }
    return none;
  }
  const args: ConstructorArgDefinition[] = [];
  types.forEach((type, index) => {
    if (placed[index] !== undefined || !isObjectClass(type)) return;
    const name = entry.argNames?.[index];
    const choice = objects.choose(type, name, definition.id);
    if ('problem' in choice) {
      problem(
        `autowire="constructor": argument ${String(index)}${name === undefined ? '' : ` (${name})`}: ${choice.problem}`,
      );
      return;
    }
    args.push({ index, value: ref(choice.id), location: definition.location });
  });
  return { args, properties: [] };
}
