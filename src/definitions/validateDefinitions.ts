import type { ContextProblem } from './ContextProblem.js';
import type { ContextDefinition, ObjectDefinition } from './ObjectDefinition.js';
import type { SourceLocation } from './SourceLocation.js';
import { didYouMean } from './closestMatches.js';
import { collectInnerObjects, collectRefs } from './collectRefs.js';
import { resolveAliases } from './resolveAliases.js';

/** One dependency of an object on another, with where it was written. */
interface Edge {
  readonly to: string;
  readonly location: SourceLocation;
}

/**
 * Checks a context whose inheritance is resolved (see `resolveInheritance`):
 * refs, `depends-on` and `factory-bean` ids (or aliases) that name no object
 * (closest ids suggested), refs to abstract objects, non-abstract objects
 * without a class or factory-bean, aliases (see `resolveAliases`), and
 * dependency cycles. Pure; returns every problem, in no particular order.
 *
 * Cycles: every loop through constructor-arg refs, property refs or
 * `depends-on` is a problem, printed whole (`a → b → c → a`). Spring allows
 * loops through properties between singletons, but Spring Boot refuses them by
 * default since 2.6 because a half-built object leaks into the loop; Spindle's
 * async init makes that leak worse, so it refuses them too.
 */
export function validateDefinitions(context: ContextDefinition): ContextProblem[] {
  const aliases = resolveAliases(context);
  const problems: ContextProblem[] = [...aliases.problems];
  const ids = [...context.objects.keys(), ...(context.aliases?.keys() ?? [])];
  const edges = new Map<string, Edge[]>();
  /** An alias that loops or names nothing is reported once, by resolveAliases. */
  const brokenAlias = (id: string): boolean => context.aliases?.has(id) === true && !aliases.targets.has(id);
  const target = (
    id: string,
    what: 'ref' | 'depends-on' | 'factory-bean',
    location: SourceLocation,
    objectId: string,
    out: Edge[],
  ): void => {
    if (brokenAlias(id)) return;
    const canonical = aliases.targets.get(id) ?? id;
    if (checkTarget(context, ids, canonical, id, what, location, objectId, problems))
      out.push({ to: canonical, location });
  };

  for (const definition of context.objects.values()) {
    const out: Edge[] = [];
    for (const object of [definition, ...collectInnerObjects(definition)]) {
      // A broken parent chain is reported by resolveInheritance; a missing class would only repeat it.
      const made = object.className !== undefined || object.factoryBean !== undefined;
      if (!object.abstract && !made && !brokenParentChain(context, object)) {
        problems.push({
          code: 'missing-class',
          message:
            object === definition
              ? 'object has no class: give it a class, or a parent that has one'
              : `inner object '${object.id}' has no class: give it a class, or a parent that has one`,
          location: object.location,
          objectId: definition.id,
        });
      }
    }
    for (const { ref } of collectRefs(definition)) target(ref.id, 'ref', ref.location, definition.id, out);
    for (const id of definition.dependsOn) target(id, 'depends-on', definition.location, definition.id, out);
    for (const object of [definition, ...collectInnerObjects(definition)]) {
      if (object.factoryBean !== undefined)
        target(object.factoryBean, 'factory-bean', object.location, definition.id, out);
    }
    if (!definition.abstract) edges.set(definition.id, out);
  }
  problems.push(...findCycles(edges));
  return problems;
}

/** True when following `parent` from `object` reaches an id that is not defined, or loops. */
function brokenParentChain(context: ContextDefinition, object: ObjectDefinition): boolean {
  const seen = new Set<string>();
  for (let parent = object.parent; parent !== undefined; parent = context.objects.get(parent)?.parent) {
    if (seen.has(parent) || !context.objects.has(parent)) return true;
    seen.add(parent);
  }
  return false;
}

/** True when `id` (written as `written`, maybe an alias) names a concrete object; otherwise records why not. */
function checkTarget(
  context: ContextDefinition,
  ids: readonly string[],
  id: string,
  written: string,
  what: 'ref' | 'depends-on' | 'factory-bean',
  location: SourceLocation,
  objectId: string,
  problems: ContextProblem[],
): boolean {
  const target = context.objects.get(id);
  if (target === undefined) {
    problems.push({
      code: 'dangling-ref',
      message: `${what} '${written}' names no object${didYouMean(written, ids)}`,
      location,
      objectId,
    });
    return false;
  }
  if (target.abstract) {
    problems.push({
      code: 'abstract-ref',
      message: `${what} '${written}' names an abstract object, which is never created`,
      location,
      objectId,
    });
    return false;
  }
  return true;
}

/** One problem per strongly connected group of objects (Tarjan), with a shortest loop through its first member. */
function findCycles(edges: ReadonlyMap<string, readonly Edge[]>): ContextProblem[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;

  // Iterative Tarjan: a deep chain of objects must not overflow the JS stack.
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame === undefined) break;
      const out = edges.get(frame.id) ?? [];
      const edge = out[frame.next];
      if (edge !== undefined) {
        frame.next += 1;
        if (!edges.has(edge.to)) continue;
        if (!index.has(edge.to)) {
          index.set(edge.to, counter);
          low.set(edge.to, counter);
          counter += 1;
          stack.push(edge.to);
          onStack.add(edge.to);
          work.push({ id: edge.to, next: 0 });
        } else if (onStack.has(edge.to)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(edge.to) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === index.get(frame.id)) {
        const group: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop();
          if (member !== undefined) {
            onStack.delete(member);
            group.push(member);
          }
        } while (member !== undefined && member !== frame.id);
        const selfLoop = (edges.get(frame.id) ?? []).some((e) => e.to === frame.id);
        if (group.length > 1 || selfLoop) groups.push(group);
      }
    }
  }

  const order = [...edges.keys()];
  return groups.map((group) => {
    const members = new Set(group);
    const start = order.find((id) => members.has(id)) ?? group[0] ?? '';
    const loop = shortestLoop(start, members, edges);
    const first = (edges.get(start) ?? []).find((e) => e.to === loop[1]);
    return {
      code: 'reference-cycle' as const,
      message: `reference cycle: ${loop.join(' → ')}`,
      location: first?.location ?? { file: '', line: 1, column: 1 },
      objectId: start,
    };
  });
}

/** Breadth-first: the shortest path start → … → start inside one group. */
function shortestLoop(
  start: string,
  members: ReadonlySet<string>,
  edges: ReadonlyMap<string, readonly Edge[]>,
): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const at = queue[head] ?? start;
    for (const edge of edges.get(at) ?? []) {
      if (!members.has(edge.to)) continue;
      if (edge.to === start) {
        const path: string[] = [];
        for (
          let node: string | undefined = at;
          node !== undefined && node !== start;
          node = previous.get(node)
        )
          path.push(node);
        return [start, ...path.reverse(), start];
      }
      if (!previous.has(edge.to) && edge.to !== start) {
        previous.set(edge.to, at);
        queue.push(edge.to);
      }
    }
  }
  return [start, start];
}
