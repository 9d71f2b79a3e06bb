import 'reflect-metadata';

import type { Container } from 'inversify';

import type { Logger } from '../common/index.js';
import type { ObjectDefinition, SourceLocation } from '../definitions/index.js';
import { didYouMean, formatLocation } from '../definitions/index.js';
import type { ClassEntry, Constructor, RegisteredClass } from './ClassRegistry.js';
import { ContainerError } from './ContainerError.js';
import { findClassMethod } from './findClassMethod.js';
import { InjectableClasses } from './InjectableClasses.js';
import type { MaybePromise } from './maybePromise.js';
import { chain, isPromise, sequence } from './maybePromise.js';
import { ObjectLifecycle } from './ObjectLifecycle.js';
import { PostProcessors } from './PostProcessors.js';
import type { TypedObjects } from './TypedObjects.js';
import { assertInstanceOf } from './TypedObjects.js';
import { ValueResolver } from './ValueResolver.js';
import { createBuiltin } from './createBuiltin.js';

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
  /** Autowired definitions with their chosen refs written out. @default none */
  readonly wired?: ReadonlyMap<ObjectDefinition, ObjectDefinition>;
  /** Lookups by declared class and by alias. @default none: ids only */
  readonly objects?: TypedObjects;
  /** Ids of the object post-processors, in definition order. @default [] */
  readonly postProcessors?: readonly string[];
}

type Singleton =
  | { readonly ready: true; readonly value: unknown }
  | { readonly ready: false; readonly pending: Promise<unknown> };

/**
 * Creates objects from definitions (with `new`, a static `factory-method`,
 * or a `factory-bean`'s method) and owns their lifecycle: arguments,
 * properties (autowired ones written out by `planAutowiring`),
 * `setApplicationContext`, the post-processors' hooks around
 * `afterPropertiesSet`/`init-method` (see `PostProcessors`), then, at close, `destroy`/`destroy-method` in reverse order of completion
 * (an object finishes after everything it refers to, so it is destroyed first).
 *
 * Creation is synchronous unless something in it returns a promise (an async
 * init, an exporter starting): `MaybePromise` lets `ctx.get` stay synchronous
 * for plain objects while `load` awaits the asynchronous ones.
 */
export class ObjectFactory {
  readonly #options: ObjectFactoryOptions;
  readonly #singletons = new Map<string, Singleton>();
  readonly #lifecycle: ObjectLifecycle;
  readonly #values: ValueResolver;
  readonly #injectables: InjectableClasses;
  readonly #processors: PostProcessors;
  #closed = false;

  public constructor(options: ObjectFactoryOptions) {
    this.#options = options;
    this.#lifecycle = new ObjectLifecycle(options.context, options.logger);
    this.#processors = new PostProcessors(options.postProcessors ?? []);
    this.#values = new ValueResolver({
      resolve: (id, path, from) => this.resolve(id, path, from),
      create: (definition, path) => this.#create(definition, path),
    });
    this.#injectables = new InjectableClasses(options.classes, options.container, (id, path) =>
      this.resolve(id, path),
    );
  }

  /** Classes written with inversify decorators, each under a private key, for the container module. */
  public injectableClasses(): [symbol, Constructor][] {
    return this.#injectables.entries();
  }

  /** The object for `id`: a cached singleton, a new prototype, or a code-first binding. */
  public resolve(
    written: string,
    path: readonly string[] = [],
    from?: SourceLocation,
  ): MaybePromise<unknown> {
    if (this.#closed)
      throw new ContainerError('SPINDLE_CLOSED', `the context is closed; cannot get '${written}'`);
    const { definitions, container } = this.#options;
    const id = this.#options.objects?.aliases.get(written) ?? written;
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
    return this.#injectables.resolveForContainer(id);
  }

  /**
   * Creates the post-processors (even lazy ones, as Spring does), then every
   * non-lazy singleton, one after the other, in definition order.
   */
  public async createEagerly(): Promise<void> {
    const processors: { id: string; object: unknown }[] = [];
    for (const id of this.#processors.ids) {
      this.#options.logger.debug(`creating post-processor '${id}'`);
      const created = this.resolve(id);
      processors.push({ id, object: isPromise(created) ? await created : created });
    }
    this.#processors.start(processors);
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
    const errors = await this.#lifecycle.destroyAll();
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
    if (definition.factoryBean !== undefined) return this.#createFromFactoryBean(definition, path);
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
      ? chain(this.#values.builtinProperties(definition, entry.descriptor, path), (pairs) =>
          createBuiltin(definition, entry.descriptor, pairs, this.#lifecycle, this.#options),
        )
      : this.#createLocal(definition, entry, path);
  }

  #createLocal(
    original: ObjectDefinition,
    entry: RegisteredClass,
    path: readonly string[],
  ): MaybePromise<unknown> {
    const definition = this.#options.wired?.get(original) ?? original;
    return chain(this.#values.constructorArgs(definition, entry, path), (values) =>
      this.#finish(definition, this.#construct(definition, entry, values, path), path),
    );
  }

  /** `factory-bean` + `factory-method`: the factory object's method makes this one (Spring's instance factory). */
  #createFromFactoryBean(definition: ObjectDefinition, path: readonly string[]): MaybePromise<unknown> {
    const { factoryBean = '', factoryMethod = '' } = definition;
    return chain(this.resolve(factoryBean, path, definition.location), (factory) => {
      const method = findClassMethod(factory, factoryMethod, false);
      if (method === undefined) {
        throw new ContainerError(
          'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
          `factory-bean '${factoryBean}' has no method '${factoryMethod}' (factory-method of '${definition.id}')`,
          { objectId: definition.id, location: definition.location },
        );
      }
      // The written `class` is what autowiring and lookup by type trusted: hold the factory to it.
      const entry = this.#options.classes.get(definition);
      return chain(this.#values.constructorArgs(definition, undefined, path), (values) =>
        chain(method.apply(factory, values) as unknown, (made) => {
          if (entry?.kind === 'class') assertInstanceOf(made, entry.type, definition);
          return this.#finish(definition, made, path);
        }),
      );
    });
  }

  /** Properties, lifecycle and post-processing of a made object (awaited when its making is async). */
  #finish(
    definition: ObjectDefinition,
    made: MaybePromise<unknown>,
    path: readonly string[],
  ): MaybePromise<unknown> {
    return chain(made, (object) =>
      chain(this.#values.setProperties(definition, object, path), () =>
        this.#lifecycle.initialize(definition, object, this.#processors.hooksFor(definition.id)),
      ),
    );
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
    const key = this.#injectables.keyOf(entry.type);
    if (key !== undefined && definition.constructorArgs.length === 0)
      return this.#injectables.construct(key, path);
    const type = entry.type as new (...values: unknown[]) => unknown;
    return new type(...args);
  }
}
