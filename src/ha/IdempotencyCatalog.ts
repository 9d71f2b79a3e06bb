import type { Invoker } from '../rpc/index.js';
import { IDEMPOTENT_CAPABILITY, outsideCall } from '../rpc/index.js';

/** How long to wait before asking a member again after its capabilities could not be read, in milliseconds. */
const RETRY_AFTER_MS = 5000;
const DISCOVERY_TIMEOUT_MS = 2000;

/**
 * The methods a pool may send twice: those declared on the pool, plus those
 * the members' exporters advertise in `system.getCapabilities` under
 * `spindle.idempotent` (`{ methods: [...] }`).
 *
 * Until a member has answered, only the declared methods count: a method is
 * treated as non-idempotent (never re-sent) unless someone said otherwise.
 */
export class IdempotencyCatalog {
  readonly #declared: ReadonlySet<string>;
  readonly #advertised = new Set<string>();
  readonly #enabled: boolean;
  /** Per invoker: when discovery last failed (0 = in flight or never tried), or true once read. */
  readonly #state = new WeakMap<Invoker, number | true>();

  public constructor(declared: readonly string[], discover: boolean) {
    this.#declared = new Set(declared);
    this.#enabled = discover;
  }

  /** Whether `method` may be sent again after an outcome-unknown failure. */
  public has(method: string): boolean {
    return this.#declared.has(method) || this.#advertised.has(method);
  }

  /** The methods known to be idempotent now. */
  public list(): string[] {
    return [...new Set([...this.#declared, ...this.#advertised])].sort();
  }

  /** Asks `invoker` for its capabilities in the background. */
  public discover(invoker: Invoker): void {
    if (!this.#enabled || this.#state.has(invoker)) return;
    this.#state.set(invoker, 0);
    // Asked on behalf of the pool, not of the call that first reached this member (whose deadline would cut it short).
    let asked: Promise<unknown>;
    try {
      asked = outsideCall(() =>
        invoker.invoke('system.getCapabilities', [], { timeoutMs: DISCOVERY_TIMEOUT_MS }),
      );
    } catch (error) {
      // A user's invoker that throws instead of rejecting: the same as a member that cannot answer.
      asked = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    asked.then(
      (capabilities) => {
        this.#state.set(invoker, true);
        for (const method of idempotentMethods(capabilities)) this.#advertised.add(method);
      },
      () => {
        // Not up yet, or not a Spindle exporter: ask again after the member answers a call.
        this.#state.set(invoker, Date.now());
      },
    );
  }

  /** Asks again if an earlier attempt failed a while ago; called after a member answered. */
  public discoverIfPending(invoker: Invoker): void {
    const state = this.#state.get(invoker);
    if (typeof state === 'number' && state > 0 && Date.now() - state >= RETRY_AFTER_MS) {
      this.#state.delete(invoker);
      this.discover(invoker);
    }
  }
}

/** The method names under `spindle.idempotent.methods` in a `system.getCapabilities` answer. */
export function idempotentMethods(capabilities: unknown): string[] {
  if (typeof capabilities !== 'object' || capabilities === null) return [];
  const entry: unknown = (capabilities as Record<string, unknown>)[IDEMPOTENT_CAPABILITY];
  if (typeof entry !== 'object' || entry === null) return [];
  const methods: unknown = (entry as Record<string, unknown>)['methods'];
  return Array.isArray(methods) ? methods.filter((m): m is string => typeof m === 'string') : [];
}
