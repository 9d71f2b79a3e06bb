import type { ObjectDefinition, ValueDefinition } from '../definitions/index.js';

function innerDefinitions(value: ValueDefinition): ObjectDefinition[] {
  switch (value.kind) {
    case 'object':
      return allDefinitions([value.definition]);
    case 'list':
    case 'set':
      return value.items.flatMap(innerDefinitions);
    case 'dict':
      return value.entries.flatMap((entry) => innerDefinitions(entry.value));
    case 'literal':
    case 'ref':
    case 'props':
    case 'null':
      return [];
  }
}

/** `definitions` and every inner object defined inside them, outer first. */
export function allDefinitions(definitions: Iterable<ObjectDefinition>): ObjectDefinition[] {
  return [...definitions].flatMap((definition) => [
    definition,
    ...definition.constructorArgs.flatMap((arg) => innerDefinitions(arg.value)),
    ...definition.properties.flatMap((property) => innerDefinitions(property.value)),
  ]);
}
