import type { Logger } from '../common/index.js';
import type { ObjectDefinition } from '../definitions/index.js';
import { ContainerError } from './ContainerError.js';
import { findClassMethod } from './findClassMethod.js';
import type { MaybePromise } from './maybePromise.js';
import { chain, sequence } from './maybePromise.js';

/** The post-processors' two hooks around an object's initialisation (see `PostProcessors`). */
export interface PostProcessing {
  readonly before: (object: unknown) => MaybePromise<unknown>;
  readonly after: (object: unknown) => MaybePromise<unknown>;
}

interface Disposable {
  readonly id: string;
  readonly run: () => MaybePromise<void>;
}

/**
 * The lifecycle of created objects: `setApplicationContext`,
 * `afterPropertiesSet`/`init-method` once the properties are set, and at
 * close `destroy`/`destroy-method` in reverse order of completion (an object
 * finishes after everything it refers to, so it is destroyed first).
 */
export class ObjectLifecycle {
  readonly #disposables: Disposable[] = [];

  /**
   * @param context - handed to `setApplicationContext` of objects whose class defines it
   * @param logger - where creation and destruction are logged
   */
  public constructor(
    private readonly context: unknown,
    private readonly logger: Logger,
  ) {}

  /**
   * `setApplicationContext`, `process.before`, `afterPropertiesSet`,
   * `init-method`, `process.after`; registers the destroy hook. Returns what
   * the post-processors made of the object (the object itself without them);
   * lifecycle methods are always called on the object as created.
   */
  public initialize(
    definition: ObjectDefinition,
    instance: unknown,
    process?: PostProcessing,
  ): MaybePromise<unknown> {
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
    let current = instance;
    const steps = [
      () => aware?.call(instance, this.context) as unknown,
      () => chain(process?.before(current) ?? current, (made) => (current = made)),
      () => afterPropertiesSet?.(),
      () => init?.(),
      () => chain(process?.after(current) ?? current, (made) => (current = made)),
    ].map((step) => (): MaybePromise<unknown> => step());
    return chain(sequence(steps), () => {
      if (destroy !== undefined && definition.scope === 'singleton') {
        this.onDestroy(definition.id, () => destroy() as MaybePromise<void>);
      }
      this.logger.debug(`created '${definition.id}'`);
      return current;
    });
  }

  /** Runs `run` when the context closes; the factory registers singletons only (a prototype is its user's). */
  public onDestroy(id: string, run: () => MaybePromise<void>): void {
    this.#disposables.push({ id, run });
  }

  /** Destroys every registered object, newest first; returns the errors (all were attempted). */
  public async destroyAll(): Promise<unknown[]> {
    const errors: unknown[] = [];
    for (
      let disposable = this.#disposables.pop();
      disposable !== undefined;
      disposable = this.#disposables.pop()
    ) {
      this.logger.debug(`destroying '${disposable.id}'`);
      try {
        await disposable.run();
      } catch (error) {
        this.logger.error(`destroying '${disposable.id}' failed`, { error: String(error) });
        errors.push(error);
      }
    }
    return errors;
  }
}
