import type { SourceLocation } from '../../src/index.js';
import type {
  ConstructorArgDefinition,
  ContextDefinition,
  ObjectDefinition,
  PropertyDefinition,
  ValueDefinition,
} from '../../src/entries/contextFiles.js';

/** Hand-built definitions, as a reader would produce them, for container tests. */
export const here: SourceLocation = { file: '', line: 1, column: 1 };

export const lit = (
  value: string | number | boolean,
  type?: 'string' | 'int' | 'double' | 'boolean',
): ValueDefinition =>
  type === undefined
    ? { kind: 'literal', value, location: here }
    : { kind: 'literal', value, type, location: here };
export const ref = (id: string): ValueDefinition => ({ kind: 'ref', id, location: here });
export const list = (...items: ValueDefinition[]): ValueDefinition => ({
  kind: 'list',
  items,
  location: here,
});
export const set = (...items: ValueDefinition[]): ValueDefinition => ({ kind: 'set', items, location: here });
export const dict = (entries: Record<string, ValueDefinition>): ValueDefinition => ({
  kind: 'dict',
  entries: Object.entries(entries).map(([key, value]) => ({ key, value })),
  location: here,
});
export const props = (entries: Record<string, string>): ValueDefinition => ({
  kind: 'props',
  entries: Object.entries(entries).map(([key, value]) => ({ key, value })),
  location: here,
});
export const nul: ValueDefinition = { kind: 'null', location: here };
export const inner = (definition: ObjectDefinition): ValueDefinition => ({
  kind: 'object',
  definition,
  location: here,
});

export interface ObjectSpec extends Partial<Omit<ObjectDefinition, 'properties' | 'constructorArgs'>> {
  readonly properties?: Record<string, ValueDefinition>;
  readonly args?: readonly (ValueDefinition | { value: ValueDefinition; index?: number; name?: string })[];
}

export function object(id: string, className: string | undefined, spec: ObjectSpec = {}): ObjectDefinition {
  const { properties = {}, args = [], ...rest } = spec;
  const constructorArgs: ConstructorArgDefinition[] = args.map((arg) =>
    'kind' in arg ? { value: arg, location: here } : { ...arg, location: here },
  );
  const propertyList: PropertyDefinition[] = Object.entries(properties).map(([name, value]) => ({
    name,
    value,
    location: here,
  }));
  return {
    id,
    ...(className === undefined ? {} : { className }),
    scope: 'singleton',
    lazyInit: false,
    abstract: false,
    dependsOn: [],
    location: here,
    ...rest,
    constructorArgs,
    properties: propertyList,
  };
}

export function context(...objects: ObjectDefinition[]): ContextDefinition {
  return { objects: new Map(objects.map((o) => [o.id, o])), files: [] };
}
