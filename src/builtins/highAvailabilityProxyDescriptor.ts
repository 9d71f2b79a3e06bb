import type { ClassDescriptor } from '../container/ClassDescriptor.js';
import { HighAvailabilityProxy } from '../ha/HighAvailabilityProxy.js';
import type { HighAvailabilityProxyOptions } from '../ha/HighAvailabilityProxy.js';
import { createProxy } from '../proxy/createProxy.js';
import type { FaultMap } from '../proxy/faultMapping.js';
import { clientOptionsType } from './optionValueTypes.js';

const integer = 'integer' as const;
const number = 'number' as const;

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
  properties: {
    members: 'any',
    discovery: 'any',
    name: 'string',
    idempotent: 'string-list',
    discoverIdempotent: 'boolean',
    timeoutMs: integer,
    attemptTimeoutMs: integer,
    maxAttempts: integer,
    retryBudget: { fields: { ttlMs: integer, minRetriesPerSecond: number, percentCanRetry: number } },
    ejection: {
      fields: { consecutiveFailures: integer, ejectOnConnectFailure: 'boolean', maxEjectedShare: number },
    },
    backoff: { fields: { initialMs: integer, multiplier: number, jitter: number, maxMs: integer } },
    probeMethod: 'string',
    probeTimeoutMs: integer,
    client: clientOptionsType,
    faults: 'any',
    logger: 'any',
  },
  aliases: { service_pool: 'members', timeout_ms: 'timeoutMs' },
  create: (options, context) => {
    const { faults, members, ...rest } = options;
    const list = members === undefined ? [] : Array.isArray(members) ? (members as unknown[]) : [members];
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
