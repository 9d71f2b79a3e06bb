import type { Container } from 'inversify';

import type { Logger } from '../common/index.js';
import { silentLogger } from '../common/index.js';
import {
  ContextError,
  formatLocation,
  formatProblem,
  resolveInheritance,
  sortProblems,
} from '../definitions/index.js';
import type { ContextDefinition, ObjectDefinition } from '../definitions/index.js';
import type {
  ApplicationContextOptions,
  ContextReader,
  ContextReadOptions,
} from './ApplicationContextOptions.js';
import { ClassRegistry } from './ClassRegistry.js';
import type { Constructor } from './ClassRegistry.js';
import { ContainerError } from './ContainerError.js';
import { isPromise } from './maybePromise.js';
import { ObjectFactory } from './ObjectFactory.js';
import { prepareContext } from './prepareContext.js';
import type { TypedObjects } from './TypedObjects.js';
import { assertInstanceOf } from './TypedObjects.js';

export type { ApplicationContextOptions, ContextReader, ContextReadOptions };

/** Set once by the composition root (`src/builtins`), which may import what `container/` must not. */
interface ContextDefaults {
  readonly reader?: ContextReader;
  readonly classes?: ClassRegistry;
}

/**
 * A running set of objects wired from context files or definitions: local
 * objects, exporters and proxies under ids. Application code asks for
 * `service` and never learns which of these it got.
 *
 * @example
 * const ctx = await ApplicationContext.load(['server.xml'], { profiles: ['dev'] });
 * const service = ctx.get<Remote<Service>>('service');
 * await ctx.close();
 */
export class ApplicationContext {
  static #defaults: ContextDefaults = {};

  /** The inversify container: file definitions and code-first bindings side by side. */
  public readonly container: Container;
  /** The files read, imports included. */
  public readonly files: readonly string[];
  readonly #definitions: ReadonlyMap<string, ObjectDefinition>;
  readonly #factory: ObjectFactory;
  readonly #objects: TypedObjects;
  readonly #logger: Logger;
  #closing: Promise<void> | undefined;

  private constructor(
    definitions: ReadonlyMap<string, ObjectDefinition>,
    objects: TypedObjects,
    files: readonly string[],
    prepare: (context: ApplicationContext) => ObjectFactory,
    container: Container,
    logger: Logger,
  ) {
    this.container = container;
    this.files = files;
    this.#definitions = definitions;
    this.#objects = objects;
    this.#logger = logger;
    this.#factory = prepare(this);
  }

  /** Registers the default reader and built-in classes; called by the composition root on import. */
  public static configureDefaults(defaults: ContextDefaults): void {
    ApplicationContext.#defaults = { ...ApplicationContext.#defaults, ...defaults };
  }

  /**
   * Reads context files (XML or YAML; later definitions replace earlier ones
   * with the same id), creates every non-lazy singleton (exporters start
   * listening) and resolves to the running context. If any object fails to
   * initialise, everything already created is destroyed and the load rejects.
   */
  public static async load(
    files: string | readonly string[],
    options: ApplicationContextOptions = {},
  ): Promise<ApplicationContext> {
    const reader = options.reader ?? ApplicationContext.#defaults.reader;
    if (reader === undefined) {
      throw new ContainerError(
        'SPINDLE_INVALID_ARGUMENT',
        'no context reader: import from the package root, or pass options.reader',
      );
    }
    const { profiles, settings, env, logger } = options;
    const read: ContextReadOptions = {
      ...(profiles === undefined ? {} : { profiles }),
      ...(settings === undefined ? {} : { settings }),
      ...(env === undefined ? {} : { env }),
      ...(logger === undefined ? {} : { logger }),
    };
    const definition = await reader(typeof files === 'string' ? [files] : files, read);
    return ApplicationContext.fromDefinition(definition, options);
  }

  /**
   * The programmatic way: a context from definitions built in code (no file).
   * `parent` chains are flattened by the readers' `resolveInheritance`; a
   * broken chain rejects with a `ContextError` (`SPINDLE_CONTEXT_INVALID`), a
   * wiring problem with a `ContainerError` listing every problem as
   * `file:line:col: [objectId] message`.
   */
  public static async fromDefinition(
    definition: ContextDefinition,
    options: ApplicationContextOptions = {},
  ): Promise<ApplicationContext> {
    const logger = options.logger ?? silentLogger;
    const settings = options.settings ?? {};
    const registry = ClassRegistry.merge(ApplicationContext.#defaults.classes, options.classes);
    for (const object of definition.objects.values()) {
      logger.debug(
        `definition '${object.id}' (class ${object.className ?? 'none'}) at ${formatLocation(object.location)}`,
      );
    }
    // The readers' own function: a hand-built definition is flattened exactly as a file's is.
    const inheritance = resolveInheritance(definition);
    if (inheritance.problems.length > 0) throw new ContextError(inheritance.problems);
    const prepared = await prepareContext(inheritance.context, registry, settings, logger);
    if (prepared.problems.length > 0) {
      // In reading order, as `spindle check` lists them: the code is the first one check shows.
      const problems = sortProblems(prepared.problems, definition.files);
      const lines = problems.map(formatProblem);
      const first = problems[0];
      throw new ContainerError(
        first?.code ?? 'SPINDLE_CONTAINER_UNKNOWN_CLASS',
        `the context cannot be wired:\n${lines.join('\n')}`,
        { problems },
      );
    }
    // inversify (about 250 modules) is imported by the first context made, not with the package.
    const [{ Container }, { buildContainerModule }] = await Promise.all([
      import('inversify'),
      import('./buildContainerModule.js'),
    ]);
    const container = options.container ?? new Container();
    const context = new ApplicationContext(
      prepared.definitions,
      prepared.objects,
      definition.files,
      (self) => {
        const factory = new ObjectFactory({ ...prepared, container, settings, logger, context: self });
        container.load(
          buildContainerModule({
            ids: [...prepared.definitions.keys(), ...prepared.objects.aliases.keys()],
            injectableClasses: factory.injectableClasses(),
            resolve: (id) => factory.resolveForContainer(id),
            classes: prepared.objects.classes(),
            resolveType: (type) => factory.resolveForContainer(self.#idOfType(type)),
            logger,
          }),
        );
        return factory;
      },
      container,
      logger,
    );
    try {
      await context.#factory.createEagerly();
    } catch (error) {
      logger.error('the context failed to start; closing what was created', { error: String(error) });
      await context.#factory.destroyAll();
      throw error;
    }
    logger.debug(`context ready: ${String(prepared.definitions.size)} definitions`);
    return context;
  }

  /**
   * The object for `id` (or an alias), or for a class: the one object
   * declared with that class or a subclass (`primary="true"` breaks ties).
   * Singletons created at load are returned at once; a prototype or lazy
   * object is created now. Throws `SPINDLE_CONTAINER_ASYNC_OBJECT` when that
   * creation is asynchronous (use {@link getAsync}),
   * `SPINDLE_CONTAINER_UNKNOWN_OBJECT` (with the closest ids) for an unknown
   * id, and `SPINDLE_CONTAINER_AUTOWIRE` (naming the candidates) for a class
   * with no object or several and no single primary.
   */
  public get<T = unknown>(key: string | Constructor<T>): T {
    if (typeof key === 'string') return this.#now(key, this.#factory.resolve(key)) as T;
    const id = this.#idOfType(key);
    return this.#ofType(id, key, this.#now(id, this.#factory.resolve(id)));
  }

  /** The object for an id, an alias or a class (see {@link get}), awaiting an asynchronous creation. */
  public async getAsync<T = unknown>(key: string | Constructor<T>): Promise<T> {
    if (typeof key === 'string') return (await this.#factory.resolve(key)) as T;
    const id = this.#idOfType(key);
    return this.#ofType(id, key, await this.#factory.resolve(id));
  }

  /**
   * Every object declared with class `type` or a subclass, by id, in
   * definition order (Spring's `getBeansOfType`, Spring Python's
   * `get_objects_by_type`): lazy ones are created now, prototypes are new.
   * Built-ins (exporters, proxies, pools) have no class here. Throws
   * `SPINDLE_CONTAINER_ASYNC_OBJECT` when one is created asynchronously (use
   * {@link getObjectsOfTypeAsync}).
   */
  public getObjectsOfType<T>(type: Constructor<T>): Map<string, T> {
    const ids = this.#objects.idsOfType(type);
    return new Map(ids.map((id) => [id, this.#ofType(id, type, this.#now(id, this.#factory.resolve(id)))]));
  }

  /** {@link getObjectsOfType}, awaiting asynchronous creations (one after the other, in definition order). */
  public async getObjectsOfTypeAsync<T>(type: Constructor<T>): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    for (const id of this.#objects.idsOfType(type))
      found.set(id, this.#ofType(id, type, await this.#factory.resolve(id)));
    return found;
  }

  /** True when `id` is defined in a file (as an id or an alias) or bound in code. */
  public has(id: string): boolean {
    return this.#definitions.has(id) || this.#objects.aliases.has(id) || this.container.isBound(id);
  }

  /** The one id of class `type` (see `TypedObjects.choose`). */
  #idOfType(type: Constructor): string {
    const choice = this.#objects.choose(type, undefined);
    if ('problem' in choice) throw new ContainerError('SPINDLE_CONTAINER_AUTOWIRE', choice.problem);
    return choice.id;
  }

  /** `object`, made for `id`, checked to be of the class it was asked by (see `assertInstanceOf`). */
  #ofType<T>(id: string, type: Constructor<T>, object: unknown): T {
    const definition = this.#definitions.get(id);
    if (definition !== undefined) assertInstanceOf(object, type, definition);
    return object as T;
  }

  /** `result` when it is ready; a promise means the object is created asynchronously. */
  #now(id: string, result: unknown): unknown {
    if (isPromise(result)) {
      result.catch(() => undefined);
      throw new ContainerError(
        'SPINDLE_CONTAINER_ASYNC_OBJECT',
        `object '${id}' is created asynchronously; use await ctx.getAsync('${id}')`,
        { objectId: id },
      );
    }
    return result;
  }

  /** The definitions as wired (inheritance applied), by id, for tools. */
  public definitions(): ReadonlyMap<string, ObjectDefinition> {
    return this.#definitions;
  }

  /**
   * Destroys every created singleton in reverse dependency order, awaiting
   * each `destroy()`/`destroy-method` (exporters stop, proxies close). Safe to
   * call twice: a second call waits for the first and resolves (only the first
   * reports `SPINDLE_CONTAINER_DESTROY_FAILED`).
   */
  public async close(): Promise<void> {
    // A later call waits for the first and never re-reports its errors.
    if (this.#closing !== undefined) return this.#closing.catch(() => undefined);
    this.#closing = (async () => {
      const errors = await this.#factory.destroyAll();
      this.#logger.debug('context closed');
      if (errors.length > 0) {
        throw new ContainerError(
          'SPINDLE_CONTAINER_DESTROY_FAILED',
          `${String(errors.length)} object(s) failed to close: ${errors.map(String).join('; ')}`,
          { cause: errors.length === 1 ? errors[0] : new AggregateError(errors) },
        );
      }
    })();
    return this.#closing;
  }
}
