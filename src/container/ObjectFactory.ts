import 'reflect-metadata';

import type { Container } from 'inversify';

import type { Logger } from '../common/Logger.js';
import type { ObjectDefinition } from '../definitions/ObjectDefinition.js';
import { formatLocation } from '../definitions/SourceLocation.js';
import type { SourceLocation } from '../definitions/SourceLocation.js';
import type { ValueDefinition } from '../definitions/ValueDefinition.js';
import type { ClassDescriptor } from './ClassDescriptor.js';
import type { ClassEntry, Constructor, RegisteredClass } from './ClassRegistry.js';
import { didYouMean } from '../definitions/closestMatches.js';
import { ContainerError } from './ContainerError.js';
import { convertLiteral, ConversionFailure } from './convertLiteral.js';
import { findClassMethod } from './findClassMethod.js';
import { isInjectableClass } from './isInjectableClass.js';
import type { MaybePromise } from './maybePromise.js';
import { chain, isPromise, sequence } from './maybePromise.js';
import { placeConstructorArgs } from './placeConstructorArgs.js';
import type { ValueType } from './ValueType.js';

/** What the factory needs from its context. */
export interface ObjectFactoryOptions {
  /** Top-level definitions by id, inheritance applied. */
  readonly definitions: ReadonlyMap<string, ObjectDefinition>;
  /** The class of every instantiable definition, inner ones included. */
  readonly classes: ReadonlyMap<ObjectDefinition, ClassEntry>;
  /** Holds code-first bindings, and the classes written with inversify decorators. */
  readonly container: Container;
  readonly settings: Readonly<Record<string, string>>;
  readonly logger: Logger;
  /** Handed to `setApplicationContext` of objects whose class defines it. */
  readonly context: unknown;
}

type Singleton =
  | { readonly ready: true; readonly value: unknown }
  | { readonly ready: false; readonly pending: Promise<unknown> };

interface Disposable {
  readonly id: string;
  readonly run: () => MaybePromise<void>;
}

const noop = (): void => undefined;

/**
 * Creates objects from definitions and owns their lifecycle: arguments,
 * properties, `setApplicationContext`, `afterPropertiesSet`/`init-method`,
 * then, at close, `destroy`/`destroy-method` in reverse order of completion
 * (an object finishes after everything it refers to, so it is destroyed first).
 *
 * Creation is synchronous unless something in it returns a promise (an async
 * init, an exporter starting): `MaybePromise` lets `ctx.get` stay synchronous
 * for plain objects while `load` awaits the asynchronous ones.
 */
export class ObjectFactory {
  readonly #options: ObjectFactoryOptions;
  readonly #singletons = new Map<string, Singleton>();
  readonly #disposables: Disposable[] = [];
  readonly #injectableKeys = new Map<Constructor, symbol>();
  #activePath: readonly string[] = [];
  #syncOnly = false;
  #neededAsync = false;
  #closed = false;

  public constructor(options: ObjectFactoryOptions) {
    this.#options = options;
    for (const [definition, entry] of options.classes) {
      if (entry.kind === 'class' && isInjectableClass(entry.type) && !this.#injectableKeys.has(entry.type)) {
        this.#injectableKeys.set(entry.type, Symbol(`spindle:class:${definition.id}`));
      }
    }
  }

  /** Classes written with inversify decorators, each under a private key, for the container module. */
  public injectableClasses(): [symbol, Constructor][] {
    return [...this.#injectableKeys].map(([type, key]) => [key, type]);
  }

  /** The object for `id`: a cached singleton, a new prototype, or a code-first binding. */
  public resolve(id: string, path: readonly string[] = [], from?: SourceLocation): MaybePromise<unknown> {
    if (this.#closed) throw new ContainerError('SPINDLE_CLOSED', `the context is closed; cannot get '${id}'`);
    const { definitions, container } = this.#options;
    const definition = definitions.get(id);
    if (definition === undefined) {
      if (container.isBound(id)) return container.get(id);
      throw new ContainerError(
        'SPINDLE_CONTAINER_UNKNOWN_OBJECT',
        `no object '${id}'${didYouMean(id, definitions.keys())}`,
        from === undefined ? { objectId: id } : { objectId: id, location: from },
      );
    }
    if (definition.abstract) {
      throw new ContainerError(
        'SPINDLE_CONTAINER_ABSTRACT',
        `object '${id}' is abstract: only a parent of others`,
        {
          objectId: id,
          location: definition.location,
        },
      );
    }
    if (path.includes(id)) {
      const cycle = [...path.slice(path.indexOf(id)), id].join(' → ');
      throw new ContainerError('SPINDLE_CONTAINER_CYCLE', `reference cycle: ${cycle}`, {
        objectId: id,
        location: definition.location,
      });
    }
    if (definition.scope === 'prototype') return this.#create(definition, [...path, id]);
    const cached = this.#singletons.get(id);
    if (cached !== undefined) return cached.ready ? cached.value : cached.pending;
    const created = this.#create(definition, [...path, id]);
    if (!isPromise(created)) {
      this.#singletons.set(id, { ready: true, value: created });
      return created;
    }
    const pending = created.then(
      (value) => {
        this.#singletons.set(id, { ready: true, value });
        return value;
      },
      (error: unknown) => {
        this.#singletons.delete(id);
        throw error;
      },
    );
    this.#singletons.set(id, { ready: false, pending });
    return pending;
  }

  /** Resolution asked by inversify (an `@inject('id')` in a decorated class). */
  public resolveForContainer(id: string): MaybePromise<unknown> {
    const result = this.resolve(id, this.#activePath);
    if (isPromise(result) && this.#syncOnly) {
      // Tell constructInjectable to retry with getAsync; the promise lives on in the singleton cache.
      this.#neededAsync = true;
      result.catch(noop);
      throw new ContainerError('SPINDLE_CONTAINER_ASYNC_OBJECT', `object '${id}' is created asynchronously`);
    }
    return result;
  }

  /** Creates every non-lazy singleton, one after the other, in definition order. */
  public async createEagerly(): Promise<void> {
    for (const definition of this.#options.definitions.values()) {
      if (definition.abstract || definition.lazyInit || definition.scope !== 'singleton') continue;
      this.#options.logger.debug(`eagerly creating '${definition.id}'`);
      // Await only real promises: awaiting a finished object would read its `then`.
      const created = this.resolve(definition.id);
      if (isPromise(created)) await created;
    }
  }

  /** Destroys every created singleton, newest first; returns the errors (all were attempted). */
  public async destroyAll(): Promise<unknown[]> {
    this.#closed = true;
    const errors: unknown[] = [];
    for (
      let disposable = this.#disposables.pop();
      disposable !== undefined;
      disposable = this.#disposables.pop()
    ) {
      this.#options.logger.debug(`destroying '${disposable.id}'`);
      try {
        await disposable.run();
      } catch (error) {
        this.#options.logger.error(`destroying '${disposable.id}' failed`, { error: String(error) });
        errors.push(error);
      }
    }
    this.#singletons.clear();
    return errors;
  }

  #create(definition: ObjectDefinition, path: readonly string[]): MaybePromise<unknown> {
    const wrap = (error: unknown): never => {
      if (error instanceof ContainerError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ContainerError(
        'SPINDLE_CONTAINER_INIT_FAILED',
        `cannot create '${definition.id}' (${formatLocation(definition.location)}): ${reason}`,
        { cause: error, objectId: definition.id, location: definition.location },
      );
    };
    try {
      const created = chain(
        sequence(definition.dependsOn.map((id) => () => this.resolve(id, path, definition.location))),
        () => this.#instantiate(definition, path),
      );
      return isPromise(created) ? created.catch(wrap) : created;
    } catch (error) {
      return wrap(error);
    }
  }

  #instantiate(definition: ObjectDefinition, path: readonly string[]): MaybePromise<unknown> {
    const entry = this.#options.classes.get(definition);
    if (entry === undefined) {
      throw new ContainerError(
        'SPINDLE_CONTAINER_UNKNOWN_CLASS',
        `object '${definition.id}' has no usable class`,
        {
          objectId: definition.id,
          location: definition.location,
        },
      );
    }
    this.#options.logger.debug(`creating '${definition.id}'`, { class: entry.name, scope: definition.scope });
    return entry.kind === 'descriptor'
      ? this.#createBuiltin(definition, entry.descriptor, path)
      : this.#createLocal(definition, entry, path);
  }

  #createBuiltin(
    definition: ObjectDefinition,
    descriptor: ClassDescriptor,
    path: readonly string[],
  ): MaybePromise<unknown> {
    const aliases = descriptor.aliases ?? {};
    const named: { name: string; value: ValueDefinition; location: SourceLocation }[] = [
      ...definition.properties,
    ];
    for (const arg of definition.constructorArgs) {
      if (arg.name === undefined) {
        throw new ContainerError(
          'SPINDLE_CONTAINER_ARGUMENT',
          `${descriptor.name} takes named arguments only (constructor-arg name="…")`,
          { objectId: definition.id, location: arg.location },
        );
      }
      named.push({ name: arg.name, value: arg.value, location: arg.location });
    }
    const steps = named.map((item) => () => {
      const name = aliases[item.name] ?? item.name;
      const type = Object.hasOwn(descriptor.properties, name) ? descriptor.properties[name] : undefined;
      if (type === undefined) {
        const known = [...Object.keys(descriptor.properties), ...Object.keys(aliases)];
        throw new ContainerError(
          'SPINDLE_CONTAINER_UNKNOWN_PROPERTY',
          `${descriptor.name} has no property '${item.name}'${didYouMean(item.name, known)}`,
          { objectId: definition.id, location: item.location },
        );
      }
      return chain(
        this.#value(item.value, type, path, definition, `property '${item.name}'`),
        (value) => [name, value] as const,
      );
    });
    return chain(sequence(steps), (pairs) => {
      const context = {
        settings: this.#options.settings,
        logger: this.#options.logger,
        objectId: definition.id,
      };
      const instance = descriptor.create(Object.fromEntries(pairs), context);
      return chain(descriptor.init?.(instance), () => {
        if (descriptor.destroy !== undefined && definition.scope === 'singleton') {
          this.#disposables.push({ id: definition.id, run: () => descriptor.destroy?.(instance) });
        }
        this.#options.logger.debug(`created '${definition.id}'`);
        return descriptor.expose === undefined ? instance : descriptor.expose(instance);
      });
    });
  }

  #createLocal(
    definition: ObjectDefinition,
    entry: RegisteredClass,
    path: readonly string[],
  ): MaybePromise<unknown> {
    const placed = placeConstructorArgs(definition, entry);
    const args = sequence(
      placed.map(
        (arg) => () =>
          arg === undefined
            ? undefined
            : this.#value(arg.value, undefined, path, definition, 'constructor argument'),
      ),
    );
    return chain(args, (values) => {
      const instance = this.#construct(definition, entry, values, path);
      return chain(instance, (object) =>
        chain(
          sequence(
            definition.properties.map(
              (property) => () =>
                chain(
                  this.#value(property.value, undefined, path, definition, `property '${property.name}'`),
                  (value) => {
                    Reflect.set(object as object, property.name, value);
                  },
                ),
            ),
          ),
          () => this.#initialize(definition, object),
        ),
      );
    });
  }

  #construct(
    definition: ObjectDefinition,
    entry: RegisteredClass,
    args: readonly unknown[],
    path: readonly string[],
  ): MaybePromise<unknown> {
    const { factoryMethod } = definition;
    if (factoryMethod !== undefined) {
      const method = findClassMethod(entry.type, factoryMethod, true);
      if (method === undefined) {
        throw new ContainerError(
          'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
          `class ${entry.name} has no static method '${factoryMethod}' (factory-method of '${definition.id}')`,
          { objectId: definition.id, location: definition.location },
        );
      }
      return method.apply(entry.type, args) as unknown;
    }
    const key = this.#injectableKeys.get(entry.type);
    if (key !== undefined && definition.constructorArgs.length === 0)
      return this.#constructInjectable(key, path);
    const type = entry.type as new (...values: unknown[]) => unknown;
    return new type(...args);
  }

  /** Lets inversify build a decorated class, its `@inject('id')`s answered by this factory. */
  #constructInjectable(key: symbol, path: readonly string[]): MaybePromise<unknown> {
    const { container } = this.#options;
    const [savedPath, savedSync, savedNeeded] = [this.#activePath, this.#syncOnly, this.#neededAsync];
    this.#activePath = path;
    this.#syncOnly = true;
    this.#neededAsync = false;
    let retry = false;
    try {
      return container.get(key);
    } catch (error) {
      if (!this.#takeNeededAsync()) throw error;
      retry = true;
    } finally {
      this.#syncOnly = savedSync;
      this.#neededAsync = savedNeeded;
      if (!retry) this.#activePath = savedPath;
    }
    // A dependency is still being created asynchronously: let inversify await it.
    try {
      return container.getAsync(key);
    } finally {
      this.#activePath = savedPath;
    }
  }

  /** Whether a dependency asked for asynchronous creation during the last synchronous attempt. */
  #takeNeededAsync(): boolean {
    return this.#neededAsync;
  }

  /** `setApplicationContext`, `afterPropertiesSet`, `init-method`; registers the destroy hook. */
  #initialize(definition: ObjectDefinition, instance: unknown): MaybePromise<unknown> {
    const hook = (name: string, required: boolean): (() => unknown) | undefined => {
      const method = findClassMethod(instance, name, false);
      if (method === undefined && required) {
        throw new ContainerError(
          'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
          `the class of '${definition.id}' defines no method '${name}'`,
          { objectId: definition.id, location: definition.location },
        );
      }
      return method === undefined ? undefined : (): unknown => method.call(instance);
    };
    const { initMethod, destroyMethod } = definition;
    const destroy = hook(destroyMethod ?? 'destroy', destroyMethod !== undefined);
    const aware = findClassMethod(instance, 'setApplicationContext', false);
    const afterPropertiesSet = hook('afterPropertiesSet', false);
    const init =
      initMethod === undefined || initMethod === 'afterPropertiesSet' ? undefined : hook(initMethod, true);
    const steps = [
      () => aware?.call(instance, this.#options.context) as unknown,
      () => afterPropertiesSet?.(),
      () => init?.(),
    ].map((step) => (): MaybePromise<unknown> => step());
    return chain(sequence(steps), () => {
      if (destroy !== undefined && definition.scope === 'singleton') {
        this.#disposables.push({ id: definition.id, run: () => destroy() as MaybePromise<void> });
      }
      this.#options.logger.debug(`created '${definition.id}'`);
      return instance;
    });
  }

  #value(
    value: ValueDefinition,
    type: ValueType | undefined,
    path: readonly string[],
    owner: ObjectDefinition,
    what: string,
  ): MaybePromise<unknown> {
    const itemType = type === 'string-list' ? 'string' : undefined;
    const items = (list: readonly ValueDefinition[]): MaybePromise<unknown[]> =>
      sequence(list.map((item) => () => this.#value(item, itemType, path, owner, what)));
    switch (value.kind) {
      case 'literal': {
        const converted = convertLiteral(value, type);
        if (converted instanceof ConversionFailure) {
          throw new ContainerError(
            'SPINDLE_CONTAINER_VALUE_TYPE',
            `'${owner.id}' ${what}: ${converted.message}`,
            {
              objectId: owner.id,
              location: value.location,
            },
          );
        }
        return converted;
      }
      case 'ref':
        return this.resolve(value.id, path, value.location);
      case 'object':
        return this.#create(value.definition, [...path, value.definition.id]);
      case 'list':
        return items(value.items);
      case 'set':
        return chain(items(value.items), (list) => new Set(list));
      case 'dict': {
        const fields = typeof type === 'object' ? type.fields : {};
        return chain(
          sequence(
            value.entries.map(
              (entry) => () =>
                chain(
                  this.#value(
                    entry.value,
                    Object.hasOwn(fields, entry.key) ? fields[entry.key] : undefined,
                    path,
                    owner,
                    `${what}.${entry.key}`,
                  ),
                  (converted) => [entry.key, converted] as const,
                ),
            ),
          ),
          (pairs) => Object.fromEntries(pairs),
        );
      }
      case 'props':
        return Object.fromEntries(value.entries.map((entry) => [entry.key, entry.value]));
      case 'null':
        return null;
    }
  }
}
