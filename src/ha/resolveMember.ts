import { SpindleError } from '../common/index.js';
import type { Invoker } from '../rpc/index.js';
import { createInvoker, invokerOf, isRemoteProxy } from '../proxy/index.js';
import type { XmlRpcClientOptions } from '../proxy/index.js';

/** A member as a user names it: a URL, a proxy made by `createProxy`, or any `Invoker`. */
export type PoolMemberSpec = string | URL | Invoker | object;

/** A member's invoker, and whether the pool made it (and so must close it). */
export interface ResolvedMember {
  readonly invoker: Invoker;
  readonly owned: boolean;
}

/**
 * Turns what the user passed into the invoker the pool calls. A URL gets a
 * client of the pool's own (any registered scheme, `ssh:` included); a proxy gives up the invoker behind it, so the
 * pool sees transport errors and faults before any proxy mapping.
 */
export function resolveMember(spec: PoolMemberSpec, client: XmlRpcClientOptions): ResolvedMember {
  if (typeof spec === 'string' || spec instanceof URL) {
    return { invoker: createInvoker(spec, client), owned: true };
  }
  if (typeof spec !== 'object' || (spec as unknown) === null) throw notAMember();
  // Before the Invoker check: a proxy answers any property, `invoke` and `close` included.
  if (isRemoteProxy(spec)) return { invoker: invokerOf(spec), owned: false };
  if (isInvoker(spec)) return { invoker: spec, owned: false };
  throw notAMember();
}

function notAMember(): SpindleError {
  return new SpindleError(
    'SPINDLE_INVALID_ARGUMENT',
    'HighAvailabilityProxy: a member must be a URL, a proxy made by createProxy, or an Invoker',
  );
}

function isInvoker(value: object): value is Invoker {
  return (
    'invoke' in value &&
    typeof value.invoke === 'function' &&
    'close' in value &&
    typeof value.close === 'function' &&
    'description' in value
  );
}
