import { ContainerModule } from 'inversify';

import type { Logger } from '../common/index.js';
import type { Constructor } from './ClassRegistry.js';
import type { MaybePromise } from './maybePromise.js';

/** What {@link buildContainerModule} binds. */
export interface ContainerModuleParts {
  /** The ids of the context's definitions, and its aliases. */
  readonly ids: Iterable<string>;
  /** Decorated classes under private keys, built by inversify itself. */
  readonly injectableClasses: Iterable<readonly [symbol, Constructor]>;
  /** Resolves an id through the context (its scopes, lifecycle and caches). */
  readonly resolve: (id: string) => MaybePromise<unknown>;
  /** The classes the context's objects are declared with, and those they extend. @default [] */
  readonly classes?: Iterable<Constructor>;
  /** Resolves a class through the context: its one object of that class (primary breaks ties). */
  readonly resolveType?: (type: Constructor) => MaybePromise<unknown>;
  readonly logger: Logger;
}

/**
 * The inversify side of a context: every definition id is bound to a dynamic
 * value that asks the context, so `container.get('service')` and
 * `@inject('service')` see exactly what `ctx.get('service')` returns. The
 * binding is transient because the context keeps its own singletons (their
 * lifecycle is async and ordered, which inversify's caches are not). A file
 * definition replaces a code-first binding with the same id.
 *
 * Likewise every class the context's objects are declared with (or extend)
 * is bound to the context's one object of that class, so an
 * `@inject(Ledger)` (or a parameter TypeScript typed `Ledger`) gets what
 * `ctx.get(Ledger)` returns: one container, one answer. A class the
 * container already binds in code keeps that binding.
 */
export function buildContainerModule(parts: ContainerModuleParts): ContainerModule {
  return new ContainerModule(({ bind, isBound, unbind }) => {
    for (const id of parts.ids) {
      if (isBound(id)) {
        parts.logger.debug(`definition '${id}' replaces a code-first binding`);
        unbind(id);
      }
      bind(id)
        .toDynamicValue(() => parts.resolve(id))
        .inTransientScope();
    }
    const { resolveType } = parts;
    for (const type of parts.classes ?? []) {
      if (resolveType === undefined) break;
      if (isBound(type)) {
        parts.logger.debug(`class ${type.name} keeps its code-first binding`);
        continue;
      }
      bind(type)
        .toDynamicValue(() => resolveType(type))
        .inTransientScope();
    }
    for (const [key, type] of parts.injectableClasses)
      bind(key)
        .to(type as new (...args: never[]) => unknown)
        .inTransientScope();
  });
}
