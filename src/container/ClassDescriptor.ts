import type { Logger, SpindleErrorCode } from '../common/index.js';
import type { MaybePromise } from './maybePromise.js';
import type { CodeOnlyOption, OptionSpec } from './OptionSpec.js';
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

/** What a descriptor's `check` gets: the options as far as they are known before anything is made. */
export interface StaticOptions {
  /** Values known statically (literals converted); refs, inner objects and values already reported are absent. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Every option written, by its camelCase name (refs and inner objects included). */
  readonly written: ReadonlySet<string>;
  /** The class of the object an option refers to, when it can be seen (a user class made with `new`). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any class
  classOf(option: string): Function | undefined;
}

/** A problem a descriptor's `check` finds; located at `option` when given, else at the object. */
export interface DescriptorProblem {
  readonly code: SpindleErrorCode;
  readonly message: string;
  /** @default undefined (the whole object) */
  readonly option?: string;
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
  /**
   * The full definition of every option (kinds, ranges, enums, URL schemes,
   * required ones), which `spindle check` and `load` validate before creating
   * anything; `properties` and `aliases` are derived from it for the built-ins.
   * @default undefined (only `properties` is checked)
   */
  readonly options?: Readonly<Record<string, OptionSpec | CodeOnlyOption>>;
  /**
   * Rules across options that the class enforces when made (Basic auth
   * without TLS, an empty pool, methods the service lacks), checked by
   * `spindle check` and `load` before anything is created.
   * @default no rules beyond each option's own
   */
  check?(options: StaticOptions): readonly DescriptorProblem[];
  /**
   * Makes the instance from its converted options; may resolve later, so a
   * built-in can load its code (and its dependencies) only when a context uses it.
   */
  create(options: Readonly<Record<string, unknown>>, context: DescriptorContext): MaybePromise<TInstance>;
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
