import type { Logger } from '../common/index.js';
import type { ObjectDefinition } from '../definitions/index.js';
import type { ClassDescriptor } from './ClassDescriptor.js';
import type { MaybePromise } from './maybePromise.js';
import { chain } from './maybePromise.js';
import type { ObjectLifecycle } from './ObjectLifecycle.js';

/**
 * A built-in made through its descriptor from its converted options: created
 * (awaited when the descriptor creates asynchronously),
 * started (awaited), its stop registered for close when it is a singleton,
 * and what it exposes returned (a proxy factory exposes its proxy).
 */
export function createBuiltin(
  definition: ObjectDefinition,
  descriptor: ClassDescriptor,
  options: readonly (readonly [string, unknown])[],
  lifecycle: ObjectLifecycle,
  context: { readonly settings: Readonly<Record<string, string>>; readonly logger: Logger },
): MaybePromise<unknown> {
  const { settings, logger } = context;
  // A descriptor may create asynchronously (the etcd built-ins import their module on first use).
  const created = descriptor.create(Object.fromEntries(options), {
    settings,
    logger,
    objectId: definition.id,
  });
  return chain(created, (instance) =>
    chain(descriptor.init?.(instance), () => {
      if (descriptor.destroy !== undefined && definition.scope === 'singleton') {
        lifecycle.onDestroy(definition.id, () => descriptor.destroy?.(instance));
      }
      logger.debug(`created '${definition.id}'`);
      return descriptor.expose === undefined ? instance : descriptor.expose(instance);
    }),
  );
}
