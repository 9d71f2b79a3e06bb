import type { ObjectDefinition } from './ObjectDefinition.js';
import type { RefValue, ValueDefinition } from './ValueDefinition.js';

/** Where a reference was found: the ref itself and the edge kind that holds it. */
export interface FoundRef {
  readonly ref: RefValue;
  /** `constructor-arg` or `property` of the top-level object (inner objects count as their holder). */
  readonly via: 'constructor-arg' | 'property';
}

function refsOf(value: ValueDefinition, out: RefValue[]): void {
  switch (value.kind) {
    case 'ref':
      out.push(value);
      return;
    case 'object':
      for (const found of collectRefs(value.definition)) out.push(found.ref);
      return;
    case 'list':
    case 'set':
      for (const item of value.items) refsOf(item, out);
      return;
    case 'dict':
      for (const entry of value.entries) refsOf(entry.value, out);
      return;
    case 'literal':
    case 'props':
    case 'null':
      return;
  }
}

/**
 * Every `ref` an object's constructor args and properties hold, through
 * collections and inner objects, in document order. Inner objects are built
 * with their holder, so their refs are the holder's dependencies.
 */
export function collectRefs(definition: ObjectDefinition): FoundRef[] {
  const found: FoundRef[] = [];
  for (const [via, values] of [
    ['constructor-arg', definition.constructorArgs.map((arg) => arg.value)],
    ['property', definition.properties.map((property) => property.value)],
  ] as const) {
    for (const value of values) {
      const refs: RefValue[] = [];
      refsOf(value, refs);
      for (const ref of refs) found.push({ ref, via });
    }
  }
  return found;
}

/** Every inner object an object holds, deeply, in document order. */
export function collectInnerObjects(definition: ObjectDefinition): ObjectDefinition[] {
  const inner: ObjectDefinition[] = [];
  const visit = (value: ValueDefinition): void => {
    if (value.kind === 'object') {
      inner.push(value.definition);
      for (const nested of collectInnerObjects(value.definition)) inner.push(nested);
    } else if (value.kind === 'list' || value.kind === 'set') {
      for (const item of value.items) visit(item);
    } else if (value.kind === 'dict') {
      for (const entry of value.entries) visit(entry.value);
    }
  };
  for (const arg of definition.constructorArgs) visit(arg.value);
  for (const property of definition.properties) visit(property.value);
  return inner;
}
