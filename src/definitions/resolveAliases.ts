import type { ContextProblem } from './ContextProblem.js';
import type { AliasDefinition, ContextDefinition } from './ObjectDefinition.js';
import { didYouMean } from './closestMatches.js';

/** What {@link resolveAliases} gives back. */
export interface ResolvedAliases {
  /** Alias → the object id it ends at (chains followed); only aliases that reach an object. */
  readonly targets: ReadonlyMap<string, string>;
  /** Aliases that loop, name nothing, or take an object's id. */
  readonly problems: readonly ContextProblem[];
}

/**
 * Follows every `<alias>` to the object it stands for, as Spring's
 * `SimpleAliasRegistry` does: an alias may name another alias; a chain that
 * comes back to itself is an `alias-cycle`, one that ends at no object a
 * `dangling-ref`, and an alias equal to an object's id an `alias-clash` (the
 * id would mean two things). Pure.
 */
export function resolveAliases(context: ContextDefinition): ResolvedAliases {
  const aliases: ReadonlyMap<string, AliasDefinition> = context.aliases ?? new Map();
  const targets = new Map<string, string>();
  const problems: ContextProblem[] = [];
  const names = [...context.objects.keys(), ...aliases.keys()];
  for (const alias of aliases.values()) {
    if (context.objects.has(alias.alias)) {
      problems.push({
        code: 'alias-clash',
        message: `alias '${alias.alias}' is already the id of an object; pick another name`,
        location: alias.location,
        objectId: alias.alias,
      });
      continue;
    }
    const chain = [alias.alias];
    let name = alias.name;
    for (;;) {
      if (chain.includes(name)) {
        problems.push({
          code: 'alias-cycle',
          message: `alias chain loops: ${[...chain, name].join(' → ')}`,
          location: alias.location,
          objectId: alias.alias,
        });
        break;
      }
      if (context.objects.has(name)) {
        targets.set(alias.alias, name);
        break;
      }
      const next = aliases.get(name);
      if (next === undefined) {
        problems.push({
          code: 'dangling-ref',
          message: `alias '${alias.alias}' names no object: '${name}'${didYouMean(name, names)}`,
          location: alias.location,
          objectId: alias.alias,
        });
        break;
      }
      chain.push(name);
      name = next.name;
    }
  }
  return { targets, problems };
}
