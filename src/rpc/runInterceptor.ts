import type { Logger } from '../common/index.js';
import { SpindleError } from '../common/index.js';

/**
 * The promise `next()` gives an interceptor. A subclass only so that `then`
 * (which `await`, `.catch`, `.finally` and returning it all go through) marks
 * it as observed: a native promise's `await` would not let us see that.
 * Derived promises are plain ones.
 */
class NextPromise extends Promise<unknown> {
  /** Set once the interceptor awaited it or attached a handler. */
  public observed = false;

  public static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  public override then<A = unknown, B = never>(
    onFulfilled?: ((value: unknown) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.observed = true;
    return super.then(onFulfilled, onRejected);
  }
}

/** `run()` as a `NextPromise`: a synchronous throw becomes its rejection. */
function nextPromise(run: () => Promise<unknown>): NextPromise {
  return new NextPromise((resolve, reject) => {
    try {
      resolve(run());
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/** Where an interceptor sits and what to tell when it misuses `next`. */
export interface InterceptorSite {
  /** Its position as the option names it, e.g. `interceptors[1]`. */
  readonly position: string;
  /** Where the warning about an abandoned failed `next()` goes. */
  readonly logger: Logger;
  /** Fields the warning carries (service, method, request id, target). */
  readonly fields: () => Record<string, unknown>;
}

/**
 * Calls one interceptor with a `next` that runs `proceed` at most once: a
 * second call rejects with `SPINDLE_INVALID_ARGUMENT` naming the interceptor
 * and runs nothing (the method may not be idempotent). Every `next()` promise
 * gets a handler, so one the interceptor dropped is never an unhandled
 * rejection (which ends a Node process); when it failed and the interceptor
 * settled without ever awaiting it, a warning says so, because the caller got
 * the interceptor's answer, not that error.
 */
export function runInterceptor<Call, Args extends unknown[]>(
  interceptor: (call: Call, next: (...args: Args) => Promise<unknown>) => Promise<unknown>,
  call: Call,
  proceed: (...args: Args) => Promise<unknown>,
  site: InterceptorSite,
): Promise<unknown> {
  let started: NextPromise | undefined;
  let failure: { error: unknown } | undefined;
  let settled = false;
  let warned = false;
  // Checked when either side settles: the interceptor's answer and its next() may end in either order.
  const check = (): void => {
    if (warned || !settled || failure === undefined || started?.observed !== false) return;
    warned = true;
    const error = failure.error;
    site.logger.warn('interceptor settled without awaiting the next() it started, which failed', {
      ...site.fields(),
      interceptor: site.position,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  };
  const next = (...args: Args): Promise<unknown> => {
    if (started !== undefined) {
      const refused = nextPromise(() =>
        Promise.reject(
          new SpindleError(
            'SPINDLE_INVALID_ARGUMENT',
            `${site.position} called next() a second time: call next at most once per call (nothing was run again)`,
          ),
        ),
      );
      void Promise.prototype.then.call(refused, undefined, () => undefined);
      return refused;
    }
    const promise = nextPromise(() => proceed(...args));
    started = promise;
    // Promise.prototype.then: our own handler must not count as the interceptor observing it.
    void Promise.prototype.then.call(promise, undefined, (error: unknown) => {
      failure = { error };
      check();
    });
    return promise;
  };
  let answer: Promise<unknown>;
  try {
    // Promise.resolve: an interceptor written without async may return a plain value or throw.
    answer = Promise.resolve(interceptor(call, next));
  } catch (error) {
    answer = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const done = (): void => {
    settled = true;
    check();
  };
  answer.then(done, done);
  return answer;
}
