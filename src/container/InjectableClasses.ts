import type { Container } from 'inversify';

import type { ObjectDefinition } from '../definitions/index.js';
import type { ClassEntry, Constructor } from './ClassRegistry.js';
import { ContainerError } from './ContainerError.js';
import { isInjectableClass } from './isInjectableClass.js';
import type { MaybePromise } from './maybePromise.js';
import { isPromise } from './maybePromise.js';

const noop = (): void => undefined;

/** How the factory resolves an id for an object being created (`path`: the ids being created, outermost first). */
export type ResolveInPath = (id: string, path: readonly string[]) => MaybePromise<unknown>;

/**
 * The classes written with inversify decorators: each under a private key in
 * the container, built by inversify, their `@inject('id')`s answered by the
 * factory along the path of the object being created (so that cycles through
 * them are still seen). Inversify's `get` is tried first; when a dependency is
 * still being created asynchronously, the class is built again with
 * `getAsync`.
 */
export class InjectableClasses {
  readonly #container: Container;
  readonly #resolve: ResolveInPath;
  readonly #keys = new Map<Constructor, symbol>();
  #activePath: readonly string[] = [];
  #syncOnly = false;
  #neededAsync = false;

  public constructor(
    classes: ReadonlyMap<ObjectDefinition, ClassEntry>,
    container: Container,
    resolve: ResolveInPath,
  ) {
    this.#container = container;
    this.#resolve = resolve;
    for (const [definition, entry] of classes) {
      if (entry.kind === 'class' && isInjectableClass(entry.type) && !this.#keys.has(entry.type)) {
        this.#keys.set(entry.type, Symbol(`spindle:class:${definition.id}`));
      }
    }
  }

  /** Each class under its private key, for the container module. */
  public entries(): [symbol, Constructor][] {
    return [...this.#keys].map(([type, key]) => [key, type]);
  }

  /** The private key of `type`, or undefined when it is not written with inversify decorators. */
  public keyOf(type: Constructor): symbol | undefined {
    return this.#keys.get(type);
  }

  /** Resolution asked by inversify (an `@inject('id')` in a decorated class). */
  public resolveForContainer(id: string): MaybePromise<unknown> {
    const result = this.#resolve(id, this.#activePath);
    if (isPromise(result) && this.#syncOnly) {
      // Tell construct to retry with getAsync; the promise lives on in the singleton cache.
      this.#neededAsync = true;
      result.catch(noop);
      throw new ContainerError('SPINDLE_CONTAINER_ASYNC_OBJECT', `object '${id}' is created asynchronously`);
    }
    return result;
  }

  /** Lets inversify build the class under `key`, its `@inject('id')`s answered along `path`. */
  public construct(key: symbol, path: readonly string[]): MaybePromise<unknown> {
    const container = this.#container;
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
}
