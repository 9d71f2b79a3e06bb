import type { ObjectDefinition } from '../definitions/index.js';
import { hasInstanceMethod } from './classMembers.js';
import type { ClassEntry } from './ClassRegistry.js';
import type { WiringProblem } from './WiringProblem.js';

/**
 * Checks an object made by `factory-bean` + `factory-method` (Spring's
 * instance factory) as creating it would: the method is named, the factory
 * object is not a built-in (a proxy would make it a remote call), its class
 * (when it is made with `new`) defines the method, and the arguments are
 * positional or indexed (they go to the method, whose names are unknown).
 * `factoryTarget` is the factory object's definition (aliases followed).
 */
export function checkFactoryBean(
  definition: ObjectDefinition,
  factoryTarget: ObjectDefinition | undefined,
  classes: ReadonlyMap<ObjectDefinition, ClassEntry>,
): WiringProblem[] {
  const problems: WiringProblem[] = [];
  const { factoryBean, factoryMethod } = definition;
  if (factoryBean === undefined) return problems;
  const problem = (code: WiringProblem['code'], message: string, location = definition.location): void => {
    problems.push({ code, message, location, objectId: definition.id });
  };
  if (factoryMethod === undefined) {
    problem(
      'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
      `factory-bean '${factoryBean}' needs a factory-method: the method of it that makes this object`,
    );
  } else if (factoryTarget !== undefined) {
    const entry = classes.get(factoryTarget);
    if (entry?.kind === 'descriptor') {
      problem(
        'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
        `factory-bean '${factoryBean}' is a ${entry.name}, which makes no objects (factory-method '${factoryMethod}')`,
      );
    } else if (
      entry?.kind === 'class' &&
      factoryTarget.factoryMethod === undefined &&
      factoryTarget.factoryBean === undefined &&
      !hasInstanceMethod(entry.type, factoryMethod)
    ) {
      problem(
        'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
        `class ${entry.name} of factory-bean '${factoryBean}' defines no method '${factoryMethod}' (factory-method)`,
      );
    }
  }
  for (const arg of definition.constructorArgs) {
    if (arg.name === undefined) continue;
    problem(
      'SPINDLE_CONTAINER_ARGUMENT',
      `the arguments of factory-method '${factoryMethod ?? ''}' are positional or indexed, not named ('${arg.name}')`,
      arg.location,
    );
  }
  return problems;
}
