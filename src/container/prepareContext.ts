import type { Logger } from '../common/index.js';
import type { ContextDefinition, ObjectDefinition } from '../definitions/index.js';
import { checkWiring } from './checkWiring.js';
import type { ClassEntry, ClassRegistry } from './ClassRegistry.js';
import { resolveClasses } from './resolveClasses.js';
import { allDefinitions } from './walkDefinitions.js';
import type { WiringProblem } from './WiringProblem.js';

/** Definitions ready to instantiate, or the problems that prevent it. */
export interface PreparedContext {
  /** Top-level definitions by id, inheritance applied. */
  readonly definitions: ReadonlyMap<string, ObjectDefinition>;
  readonly classes: ReadonlyMap<ObjectDefinition, ClassEntry>;
  /** Every problem found; empty when the context can be created. */
  readonly problems: readonly WiringProblem[];
}

/**
 * Everything that can be known before creating an object: classes (modules
 * imported), built-in properties and their types, ports. `context` has its
 * inheritance resolved already (`resolveInheritance`: `readContext` applies
 * it, `ApplicationContext.fromDefinition` applies it to hand-built ones).
 * Shared by `ApplicationContext` and `spindle check`.
 */
export async function prepareContext(
  context: ContextDefinition,
  registry: ClassRegistry,
  settings: Readonly<Record<string, string>>,
  logger: Logger,
): Promise<PreparedContext> {
  const definitions = context.objects;
  const all = allDefinitions(definitions.values());
  const { classes, problems } = await resolveClasses(all, registry);
  return {
    definitions,
    classes,
    problems: [...problems, ...checkWiring(definitions, all, classes, settings, logger)],
  };
}
