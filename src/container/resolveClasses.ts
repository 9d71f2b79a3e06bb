import type { ObjectDefinition } from '../definitions/index.js';
import type { ClassEntry, ClassRegistry, Constructor } from './ClassRegistry.js';
import { didYouMean } from '../definitions/index.js';
import { ContainerError } from './ContainerError.js';
import { loadModuleClass, parseModuleClass } from './loadModuleClass.js';
import type { WiringProblem } from './WiringProblem.js';

/** Classes found for definitions, and the problems of those not found. */
export interface ResolvedClasses {
  /** By definition object (inner definitions may share ids). */
  readonly classes: ReadonlyMap<ObjectDefinition, ClassEntry>;
  readonly problems: readonly WiringProblem[];
}

/**
 * Finds the class of every non-abstract definition: a registered name first
 * (built-ins included), then `path#Export` relative to the context file.
 * Reports every failure instead of stopping at the first.
 */
export async function resolveClasses(
  definitions: readonly ObjectDefinition[],
  registry: ClassRegistry,
): Promise<ResolvedClasses> {
  const classes = new Map<ObjectDefinition, ClassEntry>();
  const problems: WiringProblem[] = [];
  const problem = (definition: ObjectDefinition, code: WiringProblem['code'], message: string): void => {
    problems.push({ code, message, location: definition.location, objectId: definition.id });
  };
  for (const definition of definitions) {
    const { className } = definition;
    // No class: the readers report it (and creating the object would fail); nothing to resolve.
    if (className === undefined) continue;
    const registered = registry.lookup(className);
    if (registered !== undefined) {
      classes.set(definition, registered);
      continue;
    }
    const reference = parseModuleClass(className, definition.location.file);
    if (reference === undefined) {
      problem(
        definition,
        'SPINDLE_CONTAINER_UNKNOWN_CLASS',
        `unknown class '${className}'${didYouMean(className, registry.names())}; ` +
          `use a built-in, a registered name, or './module.js#Export'`,
      );
      continue;
    }
    try {
      const type = (await loadModuleClass(reference)) as Constructor;
      classes.set(definition, { kind: 'class', name: className, type });
    } catch (error) {
      if (!(error instanceof ContainerError)) throw error;
      problem(definition, error.code, error.message);
    }
  }
  return { classes, problems };
}
