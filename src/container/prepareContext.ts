import type { Logger } from '../common/index.js';
import { collectInnerObjects, resolveAliases, validateDefinitions } from '../definitions/index.js';
import type { ContextDefinition, ObjectDefinition, PropertyDefinition } from '../definitions/index.js';
import { hasInstanceMethod } from './classMembers.js';
import { checkWiring } from './checkWiring.js';
import type { ClassEntry, ClassRegistry } from './ClassRegistry.js';
import { planAutowiring } from './planAutowiring.js';
import { resolveClasses } from './resolveClasses.js';
import { TypedObjects } from './TypedObjects.js';
import { allDefinitions } from './walkDefinitions.js';
import type { WiringProblem } from './WiringProblem.js';

/** The methods that make an object a post-processor of the others (see `ObjectFactory`). */
export const POST_PROCESSOR_METHODS = ['postProcessBeforeInit', 'postProcessAfterInit'] as const;

/** Definitions ready to instantiate, or the problems that prevent it. */
export interface PreparedContext {
  /** Top-level definitions by id, inheritance applied. */
  readonly definitions: ReadonlyMap<string, ObjectDefinition>;
  readonly classes: ReadonlyMap<ObjectDefinition, ClassEntry>;
  /** Each autowired definition → the same with what autowiring chose written out as `ref`s. */
  readonly wired: ReadonlyMap<ObjectDefinition, ObjectDefinition>;
  /** Objects by declared class, primaries and aliases: lookups by type and by alias. */
  readonly objects: TypedObjects;
  /** Ids of the objects whose class defines `postProcessBeforeInit`/`postProcessAfterInit`, in definition order. */
  readonly postProcessors: readonly string[];
  /** Every problem found; empty when the context can be created. */
  readonly problems: readonly WiringProblem[];
}

/**
 * Everything that can be known before creating an object: classes (modules
 * imported), built-in properties and their types, ports, aliases, what
 * autowiring fills, factory-beans, post-processors. `context` has its
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
  const objects = new TypedObjects(definitions, classes, resolveAliases(context).targets);
  const plan = planAutowiring(all, classes, objects);
  const postProcessors = [...definitions.values()]
    .filter((definition) => {
      const type = objects.typeOf(definition.id);
      return type !== undefined && POST_PROCESSOR_METHODS.some((name) => hasInstanceMethod(type, name));
    })
    .map((definition) => definition.id);
  return {
    definitions,
    classes,
    wired: plan.wired,
    objects,
    postProcessors,
    problems: [
      ...problems,
      ...plan.problems,
      ...autowiredCycles(context, plan.wired),
      ...checkWiring(definitions, all, classes, settings, logger, plan.wired, objects.aliases),
    ],
  };
}

/**
 * The reference cycles that only autowired `ref`s close (the readers report
 * the others), found as the readers find cycles, with the autowired refs of
 * an object and of its inner objects counted as the object's.
 */
function autowiredCycles(
  context: ContextDefinition,
  wired: ReadonlyMap<ObjectDefinition, ObjectDefinition>,
): WiringProblem[] {
  if (wired.size === 0) return [];
  const added = (definition: ObjectDefinition): PropertyDefinition[] => {
    const done = wired.get(definition);
    if (done === undefined) return [];
    const args = done.constructorArgs.slice(definition.constructorArgs.length);
    return [
      ...done.properties.slice(definition.properties.length),
      ...args.map((arg) => ({
        name: `arg${String(arg.index ?? 0)}`,
        value: arg.value,
        location: arg.location,
      })),
    ];
  };
  const objects = new Map<string, ObjectDefinition>();
  for (const [id, definition] of context.objects) {
    const extra = [definition, ...collectInnerObjects(definition)].flatMap(added);
    objects.set(
      id,
      extra.length === 0 ? definition : { ...definition, properties: [...definition.properties, ...extra] },
    );
  }
  const before = new Set(
    validateDefinitions(context)
      .filter((problem) => problem.code === 'reference-cycle')
      .map((problem) => problem.message),
  );
  return validateDefinitions({ ...context, objects })
    .filter((problem) => problem.code === 'reference-cycle' && !before.has(problem.message))
    .map((problem) => ({
      code: 'SPINDLE_CONTAINER_CYCLE' as const,
      message: `${problem.message} (through autowiring)`,
      location: problem.location,
      ...(problem.objectId === undefined ? {} : { objectId: problem.objectId }),
    }));
}
