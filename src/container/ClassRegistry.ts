import type { ClassDescriptor } from './ClassDescriptor.js';
import { ContainerError } from './ContainerError.js';

/** Any class a context may instantiate. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Constructor<T = unknown> = abstract new (...args: any[]) => T;

/** Options of {@link ClassRegistry.registerClass}. */
export interface RegisterClassOptions {
  /**
   * The constructor's parameter names in order, so `<constructor-arg name="x">`
   * can be placed (JavaScript keeps no parameter names at run time).
   * @default undefined (only positional and `index` arguments)
   */
  readonly argNames?: readonly string[];
  /**
   * The constructor's parameter classes in order, for `autowire="constructor"`
   * (TypeScript emits them as `design:paramtypes` when the class has a
   * decorator; this is for classes without one).
   * @default undefined (the emitted `design:paramtypes`, if any)
   */
  readonly argTypes?: readonly (Constructor | undefined)[];
  /**
   * Property name → class, for `autowire="byType"` (TypeScript emits
   * `design:type` only for decorated properties).
   * @default undefined (the emitted `design:type` of each property, if any)
   */
  readonly propertyTypes?: Readonly<Record<string, Constructor>>;
}

/** A user class known by name. */
export interface RegisteredClass {
  readonly kind: 'class';
  readonly name: string;
  readonly type: Constructor;
  /** @default undefined */
  readonly argNames?: readonly string[];
  /** @default undefined */
  readonly argTypes?: readonly (Constructor | undefined)[];
  /** @default undefined */
  readonly propertyTypes?: Readonly<Record<string, Constructor>>;
}

/** A built-in, made through its descriptor. */
export interface RegisteredDescriptor {
  readonly kind: 'descriptor';
  readonly name: string;
  readonly descriptor: ClassDescriptor;
}

/** What a `class="…"` name resolves to. */
export type ClassEntry = RegisteredClass | RegisteredDescriptor;

/**
 * Names a context file may use in `class="…"` without a module path: the
 * built-ins (registered by the composition root) and the application's own.
 */
export class ClassRegistry {
  readonly #entries = new Map<string, ClassEntry>();

  /** A registry holding the entries of `others`, later ones winning. */
  public static merge(...others: readonly (ClassRegistry | undefined)[]): ClassRegistry {
    const registry = new ClassRegistry();
    for (const other of others) {
      if (other === undefined) continue;
      for (const entry of other.#entries.values()) registry.#entries.set(entry.name, entry);
    }
    return registry;
  }

  /** Makes `type` available as `class="name"`. */
  public registerClass(name: string, type: Constructor, options: RegisterClassOptions = {}): this {
    if (typeof type !== 'function') {
      throw new ContainerError('SPINDLE_INVALID_ARGUMENT', `registerClass('${name}'): not a class`);
    }
    this.#entries.set(name, {
      kind: 'class',
      name,
      type,
      ...(options.argNames === undefined ? {} : { argNames: options.argNames }),
      ...(options.argTypes === undefined ? {} : { argTypes: options.argTypes }),
      ...(options.propertyTypes === undefined ? {} : { propertyTypes: options.propertyTypes }),
    });
    return this;
  }

  /** Makes a built-in available as `class="descriptor.name"`. */
  public registerDescriptor<T>(descriptor: ClassDescriptor<T>): this {
    this.#entries.set(descriptor.name, {
      kind: 'descriptor',
      name: descriptor.name,
      descriptor,
    });
    return this;
  }

  /** The entry for `name`, if any. */
  public lookup(name: string): ClassEntry | undefined {
    return this.#entries.get(name);
  }

  /** Every registered name, for "did you mean". */
  public names(): string[] {
    return [...this.#entries.keys()];
  }
}
