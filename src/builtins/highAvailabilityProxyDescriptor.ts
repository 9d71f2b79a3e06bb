import type { ClassDescriptor } from '../container/index.js';
import { HighAvailabilityProxy } from '../ha/index.js';
import type { HighAvailabilityProxyOptions } from '../ha/index.js';
import { createProxy } from '../proxy/index.js';
import type { FaultMap } from '../proxy/index.js';
import { poolRules } from './poolRules.js';
import { highAvailabilityProxyOptionTable } from './options/highAvailabilityProxyOptionTable.js';
import { aliasesOf, valueTypesOf } from '../container/index.js';

/**
 * `class="HighAvailabilityProxy"`: the context hands out a proxy over the pool
 * (so the id looks exactly like the service), and closes the pool at
 * `ctx.close()`. `members` lists proxy refs or URLs; Spring Python's
 * `service_pool` is accepted for it. The pool is named after its object id.
 */
export const highAvailabilityProxyDescriptor: ClassDescriptor<{
  pool: HighAvailabilityProxy;
  faults: unknown;
}> = {
  name: 'HighAvailabilityProxy',
  properties: valueTypesOf(highAvailabilityProxyOptionTable),
  aliases: aliasesOf(highAvailabilityProxyOptionTable),
  options: highAvailabilityProxyOptionTable,
  check: poolRules,
  create: (options, context) => {
    const { faults, members, ...rest } = options;
    // A `<set>` of members is as good as a `<list>` (Spring converts a Set for a List property).
    const list =
      members === undefined
        ? []
        : Array.isArray(members)
          ? (members as unknown[])
          : members instanceof Set
            ? [...(members as Set<unknown>)]
            : [members];
    const pool = new HighAvailabilityProxy({
      name: context.objectId,
      logger: context.logger,
      ...(rest as HighAvailabilityProxyOptions),
      members: list as HighAvailabilityProxyOptions['members'] & object,
    });
    return { pool, faults };
  },
  init: ({ pool }) => pool.ready(),
  destroy: ({ pool }) => pool.close(),
  expose: ({ pool, faults }) => createProxy(pool, faults === undefined ? {} : { faults: faults as FaultMap }),
};
