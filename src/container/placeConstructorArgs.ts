import type { ConstructorArgDefinition, ObjectDefinition } from '../definitions/index.js';
import type { RegisteredClass } from './ClassRegistry.js';
import { ContainerError } from './ContainerError.js';

/**
 * Puts each `<constructor-arg>` in its slot: `index` where given, `name`
 * through the class's registered `argNames`, otherwise the next free position
 * in document order. Unfilled slots stay `undefined`. Without `entry` (a
 * factory-bean's method, whose parameter names are unknown) a name is refused.
 */
export function placeConstructorArgs(
  definition: ObjectDefinition,
  entry: RegisteredClass | undefined,
): (ConstructorArgDefinition | undefined)[] {
  const slots: (ConstructorArgDefinition | undefined)[] = [];
  const fail = (arg: ConstructorArgDefinition, message: string): never => {
    throw new ContainerError('SPINDLE_CONTAINER_ARGUMENT', `'${definition.id}': ${message}`, {
      objectId: definition.id,
      location: arg.location,
    });
  };
  const explicit = (arg: ConstructorArgDefinition): number | undefined => {
    if (arg.index !== undefined) return arg.index;
    if (arg.name === undefined) return undefined;
    const index = entry?.argNames?.indexOf(arg.name) ?? -1;
    if (entry === undefined) return fail(arg, `factory-method arguments take no name ('${arg.name}')`);
    if (index < 0) {
      const known =
        entry.argNames === undefined
          ? 'it was registered without argNames'
          : `its arguments: ${entry.argNames.join(', ')}`;
      return fail(arg, `class ${entry.name} has no constructor argument named '${arg.name}' (${known})`);
    }
    return index;
  };
  const positional: ConstructorArgDefinition[] = [];
  for (const arg of definition.constructorArgs) {
    const index = explicit(arg);
    if (index === undefined) {
      positional.push(arg);
      continue;
    }
    if (!Number.isInteger(index) || index < 0)
      fail(arg, `constructor argument index ${String(index)} is not valid`);
    if (slots[index] !== undefined) fail(arg, `constructor argument ${String(index)} is given twice`);
    slots[index] = arg;
  }
  let next = 0;
  for (const arg of positional) {
    while (slots[next] !== undefined) next++;
    slots[next] = arg;
  }
  return Array.from({ length: slots.length }, (_, i) => slots[i]);
}
