import type { Logger } from '../common/Logger.js';
import type { MaybePromise } from './maybePromise.js';
import type { ValueType } from './ValueType.js';

/** What a descriptor gets besides the options the context file wrote. */
export interface DescriptorContext {
  /** The settings the context was loaded with (`--set`, API `settings`). */
  readonly settings: Readonly<Record<string, string>>;
  /** The context's logger. */
  readonly logger: Logger;
  /** The id of the object being created. */
  readonly objectId: string;
}

/** Where an exporter will listen, as far as the context file says statically. */
export interface ListenEndpoint {
  readonly host: string;
  readonly port: number;
  /** Every URL path the service answers on (the default service: `/` and `/RPC2`). */
  readonly paths: readonly string[];
  /** Anything comparable with `JSON.stringify`; exporters on one port must agree. */
  readonly tls: unknown;
}

/**
 * How the container makes one built-in class (an exporter, a proxy factory, a
 * pool) from a definition, without importing it: the composition root
 * registers one descriptor per built-in name.
 *
 * Built-ins take one options object: every `<property>` and every named
 * `<constructor-arg>` becomes one option, converted to its declared type.
 */
export interface ClassDescriptor<TInstance = unknown> {
  /** The name context files use in `class="…"`. */
  readonly name: string;
  /** Every option the class accepts (camelCase) and its type. */
  readonly properties: Readonly<Record<string, ValueType>>;
  /** Other spellings accepted in files, e.g. Spring Python's `service_port` → `servicePort`. @default {} */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Makes the instance from its converted options. */
  create(options: Readonly<Record<string, unknown>>, context: DescriptorContext): TInstance;
  /** Runs after creation, awaited (an exporter starts listening). @default nothing */
  init?(instance: TInstance): MaybePromise<unknown>;
  /** Runs at `ctx.close()`, awaited, in reverse dependency order. @default nothing */
  destroy?(instance: TInstance): MaybePromise<void>;
  /** What the context hands out for the id (a proxy factory gives its proxy). @default the instance */
  expose?(instance: TInstance): unknown;
  /** Where the object will listen, for `spindle check`'s port checks. @default undefined (does not listen) */
  endpoint?(
    options: Readonly<Record<string, unknown>>,
    context: DescriptorContext,
  ): ListenEndpoint | undefined;
}
