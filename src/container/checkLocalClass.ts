import type { ObjectDefinition } from '../definitions/index.js';
import { constructorArity, hasInstanceMethod } from './classMembers.js';
import type { RegisteredClass } from './ClassRegistry.js';
import { ContainerError } from './ContainerError.js';
import { findClassMethod } from './findClassMethod.js';
import { placeConstructorArgs } from './placeConstructorArgs.js';
import type { WiringProblem } from './WiringProblem.js';

/**
 * Checks a definition of a user class as creating it would, before anything
 * is made: `factory-method` names a static method; `init-method` and
 * `destroy-method` name methods of the class (unless a factory makes an object
 * of another class); constructor arguments can be placed (names the class
 * declares, no index twice) and are no more than its constructor declares.
 */
export function checkLocalClass(definition: ObjectDefinition, entry: RegisteredClass): WiringProblem[] {
  const problems: WiringProblem[] = [];
  const problem = (code: WiringProblem['code'], message: string, location = definition.location): void => {
    problems.push({ code, message, location, objectId: definition.id });
  };
  const { factoryMethod, initMethod, destroyMethod } = definition;
  // With a factory-bean, `class` names what the factory makes: checkFactoryBean checks the rest.
  if (definition.factoryBean !== undefined) return problems;
  if (factoryMethod !== undefined && findClassMethod(entry.type, factoryMethod, true) === undefined) {
    problem(
      'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
      `class ${entry.name} has no static method '${factoryMethod}' (factory-method)`,
    );
  }
  // A factory may return an object of any class: its methods are only known once it ran.
  if (factoryMethod === undefined) {
    for (const [attribute, method] of [
      ['init-method', initMethod],
      ['destroy-method', destroyMethod],
    ] as const) {
      if (method === undefined || (attribute === 'init-method' && method === 'afterPropertiesSet')) continue;
      if (!hasInstanceMethod(entry.type, method)) {
        problem(
          'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
          `class ${entry.name} defines no method '${method}' (${attribute})`,
        );
      }
    }
  }
  let slots: number;
  try {
    slots = placeConstructorArgs(definition, entry).length;
  } catch (error) {
    if (!(error instanceof ContainerError)) throw error;
    problem(error.code, error.message, error.location ?? definition.location);
    return problems;
  }
  const arity = factoryMethod === undefined ? constructorArity(entry.type) : undefined;
  if (arity !== undefined && slots > arity) {
    const extra = definition.constructorArgs.at(-1);
    problem(
      'SPINDLE_CONTAINER_ARGUMENT',
      `class ${entry.name}'s constructor takes ${String(arity)} argument${arity === 1 ? '' : 's'}, but ${String(slots)} are given`,
      extra?.location ?? definition.location,
    );
  }
  return problems;
}
