import { SpindleError } from '../../common/index.js';

/**
 * One XML-RPC signature: the return type followed by the parameter types, in
 * the introspection spec's names (`int`, `i8`, `double`, `boolean`, `string`,
 * `dateTime.iso8601`, `base64`, `array`, `struct`, `nil`, or `any`).
 */
export type MethodSignature = readonly string[];

/** What introspection tells about one method. */
export interface MethodOptions {
  /**
   * One signature or a list of them. When given, calls whose parameters match
   * none of them are refused with fault −32602 before the method runs.
   * @default undefined (`system.methodSignature` answers "undef")
   */
  readonly signature?: MethodSignature | readonly MethodSignature[];
  /** Text for `system.methodHelp` and the documentation page. @default "" */
  readonly help?: string;
}

/** A method as the dispatcher calls it: `fn.apply(target, params)`. */
export interface RegisteredMethod {
  readonly name: string;
  readonly target: unknown;
  readonly fn: (...params: unknown[]) => unknown;
  /**
   * Parameters a call must carry when no signature is declared: the
   * function's `length`, so parameters with a default and rest parameters
   * are optional, as in a local call.
   */
  readonly requiredParams: number;
  readonly signatures: readonly MethodSignature[] | undefined;
  readonly help: string;
}

/** Options of `MethodRegistry.registerInstance`. */
export interface RegisterInstanceOptions {
  /**
   * The names to export. When given, exactly these are exported (each must be
   * a method of the object); otherwise the object's own public methods.
   * @default undefined
   */
  readonly methods?: readonly string[];
  /** Prepended with a dot to every name, e.g. `examples` gives `examples.getStateName`. @default "" */
  readonly prefix?: string;
  /** Signatures and help per method name (without the prefix). @default {} */
  readonly methodInfo?: Readonly<Record<string, MethodOptions>>;
}

/**
 * Names never exported by default: container lifecycle hooks, which a remote
 * caller must not be able to trigger, and the names a proxy never sends
 * (`then`, `toJSON`), which would make a local object look like a promise or
 * serialise differently. `inspect` is an ordinary method name: Node has not
 * called it when printing since v11.
 */
const LIFECYCLE_HOOKS: ReadonlySet<string> = new Set([
  'constructor',
  'afterPropertiesSet',
  'destroy',
  'init',
  'close',
  'start',
  'stop',
  'dispose',
  'setApplicationContext',
  'setBeanName',
  'then',
  'toJSON',
]);

/** Every member of Object.prototype (toString, hasOwnProperty, __proto__, …). */
const OBJECT_MEMBERS: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The characters the XML-RPC spec allows in a method name. */
const METHOD_NAME = /^[A-Za-z0-9_.:/]+$/;

function invalid(message: string): SpindleError {
  return new SpindleError('SPINDLE_INVALID_ARGUMENT', message);
}

function normaliseSignatures(
  signature: MethodSignature | readonly MethodSignature[] | undefined,
): readonly MethodSignature[] | undefined {
  if (signature === undefined) return undefined;
  if (signature.length === 0) return [];
  const list = (typeof signature[0] === 'string' ? [signature] : signature) as readonly MethodSignature[];
  for (const entry of list) {
    if (!Array.isArray(entry) || entry.length === 0 || !entry.every((t) => typeof t === 'string')) {
      throw invalid('a method signature is a non-empty list of type names: [returnType, ...paramTypes]');
    }
  }
  return list.map((entry) => Object.freeze([...entry]));
}

/**
 * Finds `name` on `service` or its prototype chain up to (not including)
 * `Object.prototype`, reading descriptors only so no getter ever runs.
 */
function findMethod(service: object, name: string): ((...params: unknown[]) => unknown) | undefined {
  for (
    let level: object | null = service;
    level !== null && level !== Object.prototype;
    level = Object.getPrototypeOf(level) as object | null
  ) {
    const descriptor = Object.getOwnPropertyDescriptor(level, name);
    if (descriptor !== undefined) {
      return typeof descriptor.value === 'function'
        ? (descriptor.value as (...params: unknown[]) => unknown)
        : undefined;
    }
  }
  return undefined;
}

/**
 * The object's own public methods: functions defined on it or on its classes
 * (not `Object`), minus `_`-prefixed names, lifecycle hooks and `Object`
 * members. A subclass's property shadows its parent's, as in JavaScript.
 */
export function publicMethodNames(service: object): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (
    let level: object | null = service;
    level !== null && level !== Object.prototype && level !== Function.prototype;
    level = Object.getPrototypeOf(level) as object | null
  ) {
    for (const name of Object.getOwnPropertyNames(level)) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (name.startsWith('_') || LIFECYCLE_HOOKS.has(name) || OBJECT_MEMBERS.has(name)) continue;
      if (!METHOD_NAME.test(name)) continue;
      const descriptor = Object.getOwnPropertyDescriptor(level, name);
      if (descriptor !== undefined && typeof descriptor.value === 'function') names.push(name);
    }
  }
  return names.sort();
}

/**
 * The name → method table of one service. Lookup is by exact name in a `Map`;
 * dotted names exist only when registered explicitly, never by walking
 * properties at call time (CPython's `allow_dotted_names` hole).
 */
export class MethodRegistry {
  private readonly methods = new Map<string, RegisteredMethod>();
  private sortedNames: readonly string[] | undefined;

  /** The method called `name`, or undefined. */
  public get(name: string): RegisteredMethod | undefined {
    return this.methods.get(name);
  }

  /** Every registered name, sorted. */
  public names(): readonly string[] {
    this.sortedNames ??= Object.freeze([...this.methods.keys()].sort());
    return this.sortedNames;
  }

  /** Every registered method, sorted by name. */
  public entries(): RegisteredMethod[] {
    return this.names().flatMap((name) => this.methods.get(name) ?? []);
  }

  /**
   * Registers `fn` under `name` (dots allowed: `examples.getStateName`).
   * Names under `system.` are reserved for the dispatcher.
   */
  public registerFunction(
    name: string,
    fn: (...params: never[]) => unknown,
    options: MethodOptions = {},
    target?: unknown,
  ): void {
    if (name.startsWith('system.')) throw invalid(`method name '${name}': the system. prefix is reserved`);
    this.add(name, fn, options, target);
  }

  /** Registers a built-in (`system.*`) method; used by the dispatcher only. */
  public registerSystem(name: string, fn: (...params: never[]) => unknown, options: MethodOptions): void {
    this.add(name, fn, options, undefined);
  }

  /** Registers the methods of `service`, each called with `this` = `service`. */
  public registerInstance(service: object, options: RegisterInstanceOptions = {}): readonly string[] {
    if (typeof service !== 'object' && typeof service !== 'function') {
      throw invalid('the service to export must be an object');
    }
    const names = options.methods ?? publicMethodNames(service);
    const prefix = options.prefix === undefined || options.prefix === '' ? '' : `${options.prefix}.`;
    const exported: string[] = [];
    for (const name of names) {
      if (OBJECT_MEMBERS.has(name) || name === 'constructor') {
        throw invalid(`methods: '${name}' is an Object member and cannot be exported`);
      }
      const fn = findMethod(service, name);
      if (fn === undefined) throw invalid(`methods: the service has no method '${name}'`);
      this.registerFunction(`${prefix}${name}`, fn, options.methodInfo?.[name] ?? {}, service);
      exported.push(`${prefix}${name}`);
    }
    return exported;
  }

  private add(
    name: string,
    fn: (...params: never[]) => unknown,
    options: MethodOptions,
    target: unknown,
  ): void {
    if (!METHOD_NAME.test(name)) {
      throw invalid(
        `method name '${name}' must use only A-Z a-z 0-9 _ . : / (the XML-RPC spec's characters)`,
      );
    }
    if (typeof fn !== 'function') throw invalid(`method '${name}' is not a function`);
    if (this.methods.has(name)) throw invalid(`method '${name}' is registered twice`);
    this.methods.set(name, {
      name,
      target,
      fn: fn as (...params: unknown[]) => unknown,
      requiredParams: fn.length,
      signatures: normaliseSignatures(options.signature),
      help: options.help ?? '',
    });
    this.sortedNames = undefined;
  }
}
