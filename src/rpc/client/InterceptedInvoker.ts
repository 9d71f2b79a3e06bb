import { silentLogger, SpindleError } from '../../common/index.js';
import type { Logger } from '../../common/index.js';
import { interceptorFunctions } from '../Interceptor.js';
import { runInterceptor } from '../runInterceptor.js';
import type { CallOptions, Invoker } from '../Invoker.js';
import type { ClientCall, ClientInterceptor, ClientNext } from './ClientInterceptor.js';

const NO_OPTIONS: CallOptions = Object.freeze({});

/**
 * An `Invoker` that runs client interceptors around another: undici's
 * composed dispatch, on Spindle's one contract, so it works the same over
 * any transport and around a pool. Closing it closes the invoker it wraps.
 */
export class InterceptedInvoker implements Invoker {
  private readonly interceptors: readonly ((call: ClientCall, next: ClientNext) => Promise<unknown>)[];

  public constructor(
    /** The invoker the calls go to once every interceptor called `next`. */
    public readonly inner: Invoker,
    interceptors: readonly ClientInterceptor[],
    /** The option's name, for errors that name an interceptor's position. @default 'interceptors' */
    private readonly option = 'interceptors',
    /** Where the warning about an interceptor that dropped a failed `next()` goes. @default silent */
    private readonly logger: Logger = silentLogger,
  ) {
    this.interceptors = interceptorFunctions(
      interceptors,
      option,
      (message) => new SpindleError('SPINDLE_INVALID_ARGUMENT', message),
    );
  }

  /** The wrapped invoker's description (read each time: a pool's changes with its members). */
  public get description(): string {
    return this.inner.description;
  }

  public invoke(
    method: string,
    params: readonly unknown[],
    options: CallOptions = NO_OPTIONS,
  ): Promise<unknown> {
    return this.step(0, { method, params, options, target: this.description });
  }

  public close(): Promise<void> {
    return this.inner.close();
  }

  private step(index: number, call: ClientCall): Promise<unknown> {
    const interceptor = this.interceptors[index];
    try {
      if (interceptor === undefined) return this.inner.invoke(call.method, call.params, call.options);
      // next is single-use and never left unhandled: see runInterceptor.
      return runInterceptor(interceptor, call, (next: ClientCall = call) => this.step(index + 1, next), {
        position: `${this.option}[${index}]`,
        logger: this.logger,
        fields: () => ({ method: call.method, target: call.target, requestId: call.options.requestId }),
      });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}

/** `invoker` itself without interceptors, else wrapped in them. */
export function intercepted(
  invoker: Invoker,
  interceptors: readonly ClientInterceptor[] | undefined,
  option = 'interceptors',
  logger: Logger = silentLogger,
): Invoker {
  return interceptors === undefined || (Array.isArray(interceptors) && interceptors.length === 0)
    ? invoker
    : new InterceptedInvoker(invoker, interceptors, option, logger);
}
