import type { ObjectDefinition } from '../definitions/ObjectDefinition.js';
import { formatLocation } from '../definitions/SourceLocation.js';
import type { ValueDefinition } from '../definitions/ValueDefinition.js';
import type { ClassDescriptor, DescriptorContext, ListenEndpoint } from './ClassDescriptor.js';
import type { ClassEntry } from './ClassRegistry.js';
import { didYouMean } from '../definitions/closestMatches.js';
import { convertLiteral, ConversionFailure } from './convertLiteral.js';
import type { ValueType } from './ValueType.js';
import { listItemType } from './ValueType.js';
import type { WiringProblem } from './WiringProblem.js';

/** Stands for a value only known at run time (a ref, an inner object). */
const dynamic = Symbol('dynamic');

function staticValue(
  value: ValueDefinition,
  type: ValueType | undefined,
  problems: WiringProblem[],
  owner: ObjectDefinition,
  name: string,
): unknown {
  switch (value.kind) {
    case 'literal': {
      const converted = convertLiteral(value, type);
      if (!(converted instanceof ConversionFailure)) return converted;
      problems.push({
        code: 'SPINDLE_CONTAINER_VALUE_TYPE',
        message: `property '${name}': ${converted.message}`,
        location: value.location,
        objectId: owner.id,
      });
      return dynamic;
    }
    case 'dict': {
      const fields = typeof type === 'object' ? type.fields : {};
      return Object.fromEntries(
        value.entries.map((entry) => [
          entry.key,
          staticValue(
            entry.value,
            Object.hasOwn(fields, entry.key) ? fields[entry.key] : undefined,
            problems,
            owner,
            `${name}.${entry.key}`,
          ),
        ]),
      );
    }
    case 'list':
    case 'set':
      return value.items.map((item) => staticValue(item, listItemType(type), problems, owner, name));
    case 'props':
      return Object.fromEntries(value.entries.map((entry) => [entry.key, entry.value]));
    case 'null':
      return null;
    case 'ref':
    case 'object':
      return dynamic;
  }
}

function checkBuiltin(
  definition: ObjectDefinition,
  descriptor: ClassDescriptor,
  problems: WiringProblem[],
): Record<string, unknown> {
  const aliases = descriptor.aliases ?? {};
  const known = [...Object.keys(descriptor.properties), ...Object.keys(aliases)];
  const options: Record<string, unknown> = {};
  // A built-in runs its own lifecycle and is made by its descriptor: these would be ignored.
  for (const [attribute, method] of [
    ['init-method', definition.initMethod],
    ['destroy-method', definition.destroyMethod],
    ['factory-method', definition.factoryMethod],
  ] as const) {
    if (method === undefined) continue;
    problems.push({
      code: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
      message: `${descriptor.name} takes no ${attribute} ('${method}'): a built-in runs its own lifecycle`,
      location: definition.location,
      objectId: definition.id,
    });
  }
  for (const arg of definition.constructorArgs) {
    if (arg.name !== undefined) continue;
    problems.push({
      code: 'SPINDLE_CONTAINER_ARGUMENT',
      message: `${descriptor.name} takes named arguments only (constructor-arg name="…")`,
      location: arg.location,
      objectId: definition.id,
    });
  }
  const named = [
    ...definition.properties,
    ...definition.constructorArgs.filter((arg) => arg.name !== undefined),
  ];
  for (const item of named) {
    const written = item.name ?? '';
    const name = aliases[written] ?? written;
    if (!Object.hasOwn(descriptor.properties, name)) {
      problems.push({
        code: 'SPINDLE_CONTAINER_UNKNOWN_PROPERTY',
        message: `${descriptor.name} has no property '${written}'${didYouMean(written, known)}`,
        location: item.location,
        objectId: definition.id,
      });
      continue;
    }
    options[name] = staticValue(item.value, descriptor.properties[name], problems, definition, written);
  }
  return options;
}

/**
 * The checks `spindle check` and `load` run before creating anything: every
 * property of a built-in exists and converts to its type, a built-in has no
 * `init-method`, `destroy-method`, `factory-method` or positional
 * `constructor-arg` (it would be ignored), and no two exporters claim one
 * host:port with the same path or different TLS.
 */
export function checkWiring(
  definitions: readonly ObjectDefinition[],
  classes: ReadonlyMap<ObjectDefinition, ClassEntry>,
  settings: Readonly<Record<string, string>>,
  logger: DescriptorContext['logger'],
): WiringProblem[] {
  const problems: WiringProblem[] = [];
  const listeners = new Map<string, { endpoint: ListenEndpoint; definition: ObjectDefinition }[]>();
  for (const definition of definitions) {
    const entry = classes.get(definition);
    if (entry?.kind !== 'descriptor' || definition.abstract) continue;
    const options = checkBuiltin(definition, entry.descriptor, problems);
    const known = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== dynamic));
    const endpoint = entry.descriptor.endpoint?.(known, { settings, logger, objectId: definition.id });
    if (endpoint === undefined || endpoint.port === 0) continue;
    const key = `${endpoint.host}:${String(endpoint.port)}`;
    const others = listeners.get(key) ?? [];
    for (const other of others) {
      const where = `'${other.definition.id}' (${formatLocation(other.definition.location)})`;
      const shared = endpoint.paths.find((path) => other.endpoint.paths.includes(path));
      if (shared !== undefined) {
        problems.push({
          code: 'SPINDLE_CONTAINER_PORT_CONFLICT',
          message: `serves ${key}${shared}, which ${where} already serves`,
          location: definition.location,
          objectId: definition.id,
        });
      } else if (JSON.stringify(other.endpoint.tls) !== JSON.stringify(endpoint.tls)) {
        problems.push({
          code: 'SPINDLE_CONTAINER_PORT_CONFLICT',
          message: `shares ${key} with ${where} but with different TLS settings`,
          location: definition.location,
          objectId: definition.id,
        });
      }
    }
    listeners.set(key, [...others, { endpoint, definition }]);
  }
  return problems;
}
