import { SpindleError } from '../common/index.js';
import { TransportError } from '../rpc/index.js';
import { invokerOf, isRemoteProxy } from './createProxy.js';
import type { CallOptions, Invoker } from '../rpc/index.js';
import { LOCAL_NAMES } from './localNames.js';
import { MultiCallResults } from './MultiCallResults.js';
import type { Remote } from './Remote.js';

/** One recorded call. */
interface RecordedCall {
  readonly methodName: string;
  readonly params: readonly unknown[];
}

/**
 * What `new MultiCall(proxy)` gives: the service's methods (and namespaces),
 * which record a call and return nothing, and a call signature that sends
 * every recorded call as one `system.multicall` and clears the batch.
 */
export type MultiCallBatch<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => unknown
    ? (...args: A) => void
    : T[K] extends object
      ? MultiCallBatch<T[K]>
      : never;
} & ((options?: CallOptions) => Promise<MultiCallResults>);

/** The constructor type of {@link MultiCall}. */
export interface MultiCallConstructor {
  new <T extends object = Record<string, never>>(target: Remote<T> | Invoker): MultiCallBatch<T>;
}

/** A proxy's local names, and the recorders' own `apply`, `call` and `bind` (they are functions). */
const BATCH_LOCAL_NAMES: ReadonlySet<string> = new Set([...LOCAL_NAMES, 'apply', 'call', 'bind']);

function createBatch(target: object): object {
  const invoker: Invoker = isRemoteProxy(target) ? invokerOf(target) : (target as Invoker);
  if (typeof invoker.invoke !== 'function') {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      'MultiCall needs a proxy from createProxy or an Invoker',
    );
  }
  let calls: RecordedCall[] = [];
  const send = async (options?: CallOptions): Promise<MultiCallResults> => {
    const batch = calls;
    calls = [];
    const answer = await invoker.invoke('system.multicall', [batch], options);
    if (!Array.isArray(answer) || answer.length !== batch.length) {
      throw new TransportError(
        'SPINDLE_CLIENT_BAD_RESPONSE',
        `${invoker.description}: system.multicall answered ${Array.isArray(answer) ? `${answer.length} entries for ${batch.length} calls` : 'something other than an array'}`,
        'unknown',
        invoker.description,
      );
    }
    return new MultiCallResults(answer, invoker.description);
  };
  const recorder = (prefix: string, callable: (...args: unknown[]) => unknown): object =>
    new Proxy(callable, {
      get(object, property, receiver) {
        if (typeof property === 'symbol' || BATCH_LOCAL_NAMES.has(property)) {
          return Reflect.get(object, property, receiver) as unknown;
        }
        const name = prefix === '' ? property : `${prefix}.${property}`;
        return recorder(name, (...params: unknown[]) => {
          calls.push({ methodName: name, params });
        });
      },
    });
  return recorder('', send as (...args: unknown[]) => unknown);
}

/**
 * Boxcars calls into one `system.multicall` request, like CPython's
 * `xmlrpc.client.MultiCall`: calls on the batch are recorded; awaiting the
 * batch itself sends them and gives the results in call order, whose
 * iteration throws a failed entry's `Fault` when it reaches it.
 *
 * @example
 * const batch = new MultiCall(proxy);
 * batch.add(7, 3);
 * batch.subtract(7, 3);
 * const [sum, difference] = await batch();
 */
export const MultiCall: MultiCallConstructor = function MultiCall(target: object): object {
  return createBatch(target);
} as unknown as MultiCallConstructor;
