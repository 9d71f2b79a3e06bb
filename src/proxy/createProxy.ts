import { SpindleError } from '../common/index.js';
import type { FaultMap, TransportErrorClass } from './faultMapping.js';
import { errorMapper } from './faultMapping.js';
import type { ClientInterceptor, Invoker, XmlRpcClientOptions } from '../rpc/index.js';
import { LOCAL_NAMES } from './localNames.js';
import type { Remote } from './Remote.js';
import { createInvoker } from './transports.js';
import { intercepted } from '../rpc/index.js';

/** Options of `createProxy`: the client's options (ignored when an `Invoker` is given) plus fault mapping. */
export interface ProxyOptions extends XmlRpcClientOptions {
  /** Fault code or fault-string prefix → error class thrown instead of the `Fault`. @default none (the `Fault` itself) */
  readonly faults?: FaultMap;
  /**
   * The class every transport failure is thrown as (a client library's
   * `CommunicationError`), the `TransportError` kept as its `cause`
   * (`error.cause.outcome` says whether the call may have run).
   * @default none (the `TransportError` itself)
   */
  readonly transportErrorClass?: TransportErrorClass;
  /**
   * Code around every call (tracing, metrics, metadata), composed in order,
   * the first outermost: functions `(call, next) => Promise<result>` or
   * objects with such an `intercept` method. Around a pool they run once per
   * pooled call. See docs/interceptors.md.
   * @default [] (calls go straight to the invoker)
   */
  readonly interceptors?: readonly ClientInterceptor[];
}

const invokers = new WeakMap<object, Invoker>();

/** What `console.log(proxy)` shows: the target of the proxy, never a remote call. */
class RemoteService {
  public constructor(public readonly url: string) {}
}

/**
 * A proxy whose property accesses are remote methods: `proxy.add(2, 3)` sends
 * `add` and resolves with the result; dotted names work as nested properties
 * (`proxy.examples.getStateName(41)` sends `examples.getStateName`). `then`,
 * `toJSON`, the members of `Object.prototype` (`constructor`, `toString`,
 * `valueOf`, `hasOwnProperty`, …) and every symbol are never remote, so
 * `await proxy`, `console.log(proxy)`, `JSON.stringify(proxy)` and
 * `` `${proxy}` `` make no call; any other name is a remote method, `inspect`
 * included. Call a method with a reserved name through
 * `invokerOf(proxy).invoke(name, params)`.
 *
 * `target` is a URL (the transport is chosen by scheme: `http:`, `https:`, and
 * any registered with `registerTransport`) or any `Invoker` (e.g. a pool).
 */
export function createProxy<T extends object = Record<string, never>>(
  target: string | URL | Invoker,
  options: ProxyOptions = {},
): Remote<T> {
  const base = typeof target === 'string' || target instanceof URL ? createInvoker(target, options) : target;
  if (typeof base.invoke !== 'function') {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', 'createProxy needs a URL or an Invoker');
  }
  const invoker = intercepted(base, options.interceptors, 'interceptors', options.logger);
  const mapError = errorMapper(options);
  const call =
    mapError === undefined
      ? (method: string, params: readonly unknown[]): Promise<unknown> => invoker.invoke(method, params)
      : async (method: string, params: readonly unknown[]): Promise<unknown> => {
          try {
            return await invoker.invoke(method, params);
          } catch (error) {
            throw mapError(error);
          }
        };
  const proxy = namespaceProxy(new RemoteService(invoker.description), '', call);
  invokers.set(proxy, invoker);
  return proxy as Remote<T>;
}

/** The `Invoker` behind a proxy made by `createProxy` (to close it, or to call a reserved name). */
export function invokerOf(proxy: object): Invoker {
  const invoker = invokers.get(proxy);
  if (invoker === undefined) {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', 'invokerOf: not a proxy made by createProxy');
  }
  return invoker;
}

/** True for an object made by `createProxy`. */
export function isRemoteProxy(value: unknown): boolean {
  return typeof value === 'object' && value !== null && invokers.has(value);
}

type Call = (method: string, params: readonly unknown[]) => Promise<unknown>;

/**
 * The proxy for a namespace: the root (prefix '') or a name such as
 * `examples`, which is also callable as the remote method of that name.
 * Members are cached per name, so `proxy.add === proxy.add`.
 */
function namespaceProxy(target: object, prefix: string, call: Call): object {
  const members = new Map<string, object>();
  return new Proxy(target, {
    get(object, property, receiver) {
      if (typeof property === 'symbol' || LOCAL_NAMES.has(property)) {
        // String(proxy) and `${proxy}` ask Symbol.toPrimitive first, so they never reach a remote name.
        return property === Symbol.toPrimitive || property === 'toString' || property === 'valueOf'
          ? () => `[Remote ${prefix === '' ? (target as RemoteService).url : prefix}]`
          : (Reflect.get(object, property, receiver) as unknown);
      }
      let member = members.get(property);
      if (member === undefined) {
        member = methodProxy(prefix === '' ? property : `${prefix}.${property}`, call);
        members.set(property, member);
      }
      return member;
    },
    set() {
      return false;
    },
  });
}

function methodProxy(name: string, call: Call): object {
  const method = (...params: unknown[]): Promise<unknown> => call(name, params);
  Object.defineProperty(method, 'name', { value: name });
  return namespaceProxy(method, name, call);
}
