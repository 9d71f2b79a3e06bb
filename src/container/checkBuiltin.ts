import type { ObjectDefinition, SourceLocation, ValueDefinition } from '../definitions/index.js';
import { didYouMean } from '../definitions/index.js';
import type { ClassDescriptor } from './ClassDescriptor.js';
import type { ClassEntry } from './ClassRegistry.js';
import { checkOptionValue } from './checkOptionValue.js';
import { convertLiteral, ConversionFailure } from './convertLiteral.js';
import { dynamic } from './OptionSlot.js';
import type { OptionSlot } from './OptionSlot.js';
import { fileOptions } from './OptionSpec.js';
import type { ValueType } from './ValueType.js';
import { listItemType } from './ValueType.js';
import type { WiringProblem } from './WiringProblem.js';

/** What checking a built-in needs to see of the rest of the context. */
export interface BuiltinCheckScope {
  readonly definitions: ReadonlyMap<string, ObjectDefinition>;
  readonly classes: ReadonlyMap<ObjectDefinition, ClassEntry>;
  readonly problems: WiringProblem[];
}

/** A descriptor without an option table (a user's): only conversion to `properties` is checked. */
function convertOnly(value: ValueDefinition, type: ValueType | undefined, slot: OptionSlot): unknown {
  switch (value.kind) {
    case 'literal': {
      const converted = convertLiteral(value, type);
      if (!(converted instanceof ConversionFailure)) return converted;
      slot.problems.push({
        code: 'SPINDLE_CONTAINER_VALUE_TYPE',
        message: `property '${slot.path}': ${converted.message}`,
        location: value.location,
        objectId: slot.owner.id,
      });
      return dynamic;
    }
    case 'dict': {
      const fields = typeof type === 'object' ? type.fields : {};
      return Object.fromEntries(
        value.entries.map((entry) => [
          entry.key,
          convertOnly(entry.value, Object.hasOwn(fields, entry.key) ? fields[entry.key] : undefined, {
            ...slot,
            path: `${slot.path}.${entry.key}`,
          }),
        ]),
      );
    }
    case 'list':
    case 'set':
      return value.items.map((item) => convertOnly(item, listItemType(type), slot));
    case 'props':
      return Object.fromEntries(value.entries.map((entry) => [entry.key, entry.value]));
    case 'null':
      return null;
    case 'ref':
    case 'object':
      return dynamic;
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any class
type AnyClass = Function;

/** The class a ref or inner object will be made of, when it is a user class made with `new`. */
function classOfValue(value: ValueDefinition, scope: BuiltinCheckScope): AnyClass | undefined {
  const target =
    value.kind === 'ref'
      ? scope.definitions.get(value.id)
      : value.kind === 'object'
        ? value.definition
        : undefined;
  return target === undefined ? undefined : classOf(target, scope);
}

function classOf(definition: ObjectDefinition, scope: BuiltinCheckScope): AnyClass | undefined {
  const entry = scope.classes.get(definition);
  if (entry?.kind !== 'class' || definition.factoryMethod !== undefined) return undefined;
  return entry.type;
}

/**
 * Each value of an `errorClass` option (the option itself, or each entry of
 * its dict) as the proxy will take it: an inner object or a ref of a class
 * that extends Error. Text, null, and objects of other classes are refused
 * when the proxy is made; a class only known at run time (a factory-method's)
 * is left to then.
 */
function checkErrorClasses(
  value: ValueDefinition,
  path: string,
  owner: ObjectDefinition,
  scope: BuiltinCheckScope,
): void {
  const values =
    value.kind === 'dict'
      ? value.entries.map((entry) => ({ value: entry.value, path: `${path}['${entry.key}']` }))
      : value.kind === 'props'
        ? value.entries.map((entry) => ({
            value: { kind: 'literal', value: entry.value, location: value.location } as const,
            path: `${path}['${entry.key}']`,
          }))
        : [{ value, path }];
  for (const item of values) {
    let found: string | undefined;
    // A literal for the option itself is already reported by checkOptionValue.
    if (item.value.kind === 'literal' && item.path !== path) found = `the text '${String(item.value.value)}'`;
    else if (item.value.kind === 'null') found = 'null';
    else if (item.value.kind === 'ref' || item.value.kind === 'object') {
      const type = classOfValue(item.value, scope);
      if (type !== undefined && type !== Error && !(type.prototype instanceof Error)) {
        found = `an object of class ${type.name || '(anonymous)'}`;
      }
    }
    if (found === undefined) continue;
    const text = item.value.kind === 'literal' ? String(item.value.value) : '';
    const how = text.includes('#')
      ? `write <object class="${text}"/> (YAML: {object: name, class: ${text}}) to name a class`
      : 'give an inner object of a class that extends Error';
    scope.problems.push({
      code: 'SPINDLE_INVALID_ARGUMENT',
      message: `${item.path}: ${found} is not an Error class; ${how}`,
      location: item.value.location,
      objectId: owner.id,
    });
  }
}

/**
 * Each object of a `ref-list` whose class is known statically has `method`
 * (an interceptor's `intercept`), as the class will require when made.
 */
function checkMethods(
  value: ValueDefinition,
  path: string,
  method: string,
  owner: ObjectDefinition,
  scope: BuiltinCheckScope,
): void {
  const items = value.kind === 'list' || value.kind === 'set' ? value.items : [value];
  items.forEach((item, index) => {
    const type = classOfValue(item, scope);
    if (type === undefined) return;
    const prototype: unknown = type.prototype;
    if (
      typeof prototype === 'object' &&
      prototype !== null &&
      typeof Reflect.get(prototype, method) === 'function'
    ) {
      return;
    }
    scope.problems.push({
      code: 'SPINDLE_INVALID_ARGUMENT',
      message: `${value === item ? path : `${path}[${String(index)}]`}: an object of class ${type.name || '(anonymous)'} has no ${method}() method`,
      location: item.location,
      objectId: owner.id,
    });
  });
}

/**
 * Checks one definition of a built-in class as its constructor would, before
 * anything is made: no lifecycle attributes or positional arguments, every
 * option known and valid for its definition (see `checkOptionValue`), the
 * required ones written, then the descriptor's own rules across options.
 * Returns the options known statically, for the port checks.
 */
export function checkBuiltin(
  definition: ObjectDefinition,
  descriptor: ClassDescriptor,
  scope: BuiltinCheckScope,
): Record<string, unknown> {
  const { problems } = scope;
  const problem = (code: WiringProblem['code'], message: string, location: SourceLocation): void => {
    problems.push({ code, message, location, objectId: definition.id });
  };
  const aliases = descriptor.aliases ?? {};
  const known = [...Object.keys(descriptor.properties), ...Object.keys(aliases)];
  // A built-in runs its own lifecycle and is made by its descriptor: these would be ignored.
  for (const [attribute, method] of [
    ['init-method', definition.initMethod],
    ['destroy-method', definition.destroyMethod],
    ['factory-method', definition.factoryMethod],
    ['factory-bean', definition.factoryBean],
  ] as const) {
    if (method === undefined) continue;
    problem(
      'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
      `${descriptor.name} takes no ${attribute} ('${method}'): a built-in runs its own lifecycle`,
      definition.location,
    );
  }
  for (const arg of definition.constructorArgs) {
    if (arg.name !== undefined) continue;
    problem(
      'SPINDLE_CONTAINER_ARGUMENT',
      `${descriptor.name} takes named arguments only (constructor-arg name="…")`,
      arg.location,
    );
  }
  const named = [
    ...definition.properties,
    ...definition.constructorArgs.flatMap((arg) =>
      arg.name === undefined ? [] : [{ name: arg.name, value: arg.value, location: arg.location }],
    ),
  ];
  const table = Object.fromEntries(fileOptions(descriptor.options ?? {}));
  const ids = [...scope.definitions.keys()];
  const options: Record<string, unknown> = {};
  const written = new Map<string, { value: ValueDefinition; location: SourceLocation }>();
  for (const item of named) {
    const name = aliases[item.name] ?? item.name;
    if (!Object.hasOwn(descriptor.properties, name)) {
      problem(
        'SPINDLE_CONTAINER_UNKNOWN_PROPERTY',
        `${descriptor.name} has no property '${item.name}'${didYouMean(item.name, known)}`,
        item.location,
      );
      continue;
    }
    written.set(name, { value: item.value, location: item.location });
    const slot: OptionSlot = { owner: definition, path: item.name, problems, ids };
    const spec = Object.hasOwn(table, name) ? table[name] : undefined;
    options[name] =
      spec === undefined
        ? convertOnly(item.value, descriptor.properties[name], slot)
        : checkOptionValue(item.value, spec, slot);
    if (spec?.errorClass === true) checkErrorClasses(item.value, item.name, definition, scope);
    if (spec?.method !== undefined) checkMethods(item.value, item.name, spec.method, definition, scope);
  }
  for (const [name, spec] of Object.entries(table)) {
    if (spec.required !== true || written.has(name)) continue;
    problem(
      'SPINDLE_CONTAINER_MISSING_PROPERTY',
      `${descriptor.name} needs the property '${name}': ${spec.doc.replaceAll('`', '')}`,
      definition.location,
    );
  }
  const values = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== dynamic));
  for (const found of descriptor.check?.({
    values,
    written: new Set(written.keys()),
    classOf: (option) => {
      const given = written.get(option);
      return given === undefined ? undefined : classOfValue(given.value, scope);
    },
  }) ?? []) {
    const at = found.option === undefined ? undefined : written.get(found.option);
    problem(found.code, found.message, at?.location ?? definition.location);
  }
  return values;
}
