import type { ObjectDefinition } from '../definitions/index.js';
import { formatLocation } from '../definitions/index.js';
import type { DescriptorContext, ListenEndpoint } from './ClassDescriptor.js';
import type { ClassEntry } from './ClassRegistry.js';
import { checkBuiltin } from './checkBuiltin.js';
import { checkFactoryBean } from './checkFactoryBean.js';
import { checkLocalClass } from './checkLocalClass.js';
import type { WiringProblem } from './WiringProblem.js';

/**
 * The checks `spindle check` and `load` run before creating anything, so
 * that a context `check` accepts is one `load` starts: every option of a
 * built-in as its class would check it (`checkBuiltin`), every user class's
 * lifecycle methods and constructor arguments (`checkLocalClass`, autowired
 * ones included), every factory-bean (`checkFactoryBean`), and no two
 * exporters claiming one host:port with the same path or different TLS.
 */
export function checkWiring(
  topLevel: ReadonlyMap<string, ObjectDefinition>,
  definitions: readonly ObjectDefinition[],
  classes: ReadonlyMap<ObjectDefinition, ClassEntry>,
  settings: Readonly<Record<string, string>>,
  logger: DescriptorContext['logger'],
  wired: ReadonlyMap<ObjectDefinition, ObjectDefinition> = new Map(),
  aliases: ReadonlyMap<string, string> = new Map(),
): WiringProblem[] {
  const problems: WiringProblem[] = [];
  const listeners = new Map<string, { endpoint: ListenEndpoint; definition: ObjectDefinition }[]>();
  for (const definition of definitions) {
    if (definition.abstract) continue;
    const { factoryBean } = definition;
    if (factoryBean !== undefined) {
      const target = topLevel.get(aliases.get(factoryBean) ?? factoryBean);
      problems.push(...checkFactoryBean(definition, target, classes));
    }
    const entry = classes.get(definition);
    if (entry === undefined) continue;
    if (entry.kind === 'class') {
      problems.push(...checkLocalClass(wired.get(definition) ?? definition, entry));
      continue;
    }
    const known = checkBuiltin(definition, entry.descriptor, { definitions: topLevel, classes, problems });
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
