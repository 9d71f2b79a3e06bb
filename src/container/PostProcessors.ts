import { ContainerError } from './ContainerError.js';
import { findClassMethod } from './findClassMethod.js';
import type { PostProcessing } from './ObjectLifecycle.js';
import type { MaybePromise } from './maybePromise.js';
import { chain, sequence } from './maybePromise.js';

/** The hooks an object post-processor may define; either one, or both. */
export interface ObjectPostProcessor {
  /**
   * Called after the properties are set and `setApplicationContext` ran,
   * before `afterPropertiesSet`/`init-method`. Returns the object to use
   * (the same one, or a replacement such as a wrapper); `undefined` keeps it.
   * May be async.
   */
  postProcessBeforeInit?(object: unknown, id: string): unknown;
  /** Called after `afterPropertiesSet`/`init-method`; same contract as `postProcessBeforeInit`. */
  postProcessAfterInit?(object: unknown, id: string): unknown;
}

type Hook = keyof ObjectPostProcessor;

/**
 * The context's object post-processors (Spring's `BeanPostProcessor`, Spring
 * Python's `ObjectPostProcessor`): created before every other object, then
 * applied, in the order the files define them, to every object created after
 * them from a user class or a factory. Not post-processed: the
 * post-processors themselves and what they need (created before they are
 * ready, as in Spring), and built-ins (a remote proxy answers any property
 * name, so a processor probing it would make remote calls).
 */
export class PostProcessors {
  #ready: readonly { readonly id: string; readonly object: unknown }[] | undefined;

  /** @param ids - the post-processors' ids, in definition order */
  public constructor(public readonly ids: readonly string[]) {}

  /** From now on, objects created are post-processed by `processors`. */
  public start(processors: readonly { readonly id: string; readonly object: unknown }[]): void {
    this.#ready = processors;
  }

  /** The hooks for an object of `id` created now, or undefined when it is not post-processed. */
  public hooksFor(id: string): PostProcessing | undefined {
    if (this.#ready === undefined || this.#ready.length === 0 || this.ids.includes(id)) return undefined;
    return {
      before: (object) => this.apply('postProcessBeforeInit', object, id),
      after: (object) => this.apply('postProcessAfterInit', object, id),
    };
  }

  /** Every processor's `hook` on `object` in turn, each getting what the previous returned. */
  public apply(hook: Hook, object: unknown, id: string): MaybePromise<unknown> {
    let current = object;
    const steps = (this.#ready ?? []).map((processor) => () => {
      const method = findClassMethod(processor.object, hook, false);
      if (method === undefined) return current;
      let result: unknown;
      try {
        result = method.call(processor.object, current, id);
      } catch (error) {
        throw this.#failed(hook, processor.id, id, error);
      }
      return chain(
        result instanceof Promise
          ? result.catch((error: unknown) => {
              throw this.#failed(hook, processor.id, id, error);
            })
          : result,
        (replacement) => {
          if (replacement !== undefined && replacement !== null) current = replacement;
          return current;
        },
      );
    });
    return chain(sequence(steps), () => current);
  }

  #failed(hook: Hook, processorId: string, id: string, error: unknown): ContainerError {
    const reason = error instanceof Error ? error.message : String(error);
    return new ContainerError(
      'SPINDLE_CONTAINER_INIT_FAILED',
      `post-processor '${processorId}' failed in ${hook} of '${id}': ${reason}`,
      { cause: error, objectId: id },
    );
  }
}
