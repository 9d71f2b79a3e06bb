import { callChannels, silentLogger, SpindleError } from '../../common/index.js';
import type { Logger } from '../../common/index.js';
import {
  decodeCall,
  DEFAULT_DECODE_LIMITS,
  Fault,
  FAULT_CODES,
  resolveDecodeOptions,
} from '../../codec/index.js';
import type { DecodeLimits, EncodeOptions, ResolvedDecodeOptions } from '../../codec/index.js';
import { CallDeadlines } from './CallDeadlines.js';
import type { CallContext } from './CallContext.js';
import { checkLimits, nonNegativeInteger, positiveInteger } from './checkLimits.js';
import { notStarted, resultNotSent } from './deadlineFaults.js';
import { encodeAnswer, encodeFailure } from './encodeAnswer.js';
import type { AnswerHost } from './encodeAnswer.js';
import { faultFromError } from './faultFromError.js';
import { declaredResultType } from './matchesSignature.js';
import { MethodRegistry } from './MethodRegistry.js';
import type { MethodOptions, RegisterInstanceOptions } from './MethodRegistry.js';
import { observeServerCall } from './observeServerCall.js';
import { paramsFault } from './paramsFault.js';
import { interceptorFunctions } from '../Interceptor.js';
import { runInterceptor } from '../runInterceptor.js';
import { runAsCurrent, runInCall, ServerCall } from './ServerCall.js';
import { settleOutcome } from './settleOutcome.js';
import type { SettleHost } from './settleOutcome.js';
import type { ServerNext } from './ServerInterceptor.js';
import type { ServiceDispatcherOptions } from './ServiceDispatcherOptions.js';
import { registerSystemMethods } from './systemMethods.js';
import { typedResult } from './typedResult.js';

// Re-exported: this module exported them before they had files of their own.
export type { CallContext } from './CallContext.js';
export type { ServiceDispatcherOptions } from './ServiceDispatcherOptions.js';

const NO_CONTEXT: CallContext = Object.freeze({});
/** The default `maxResponseBytes`: what a Spindle client reads by default (its `maxResponseBytes`). */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * The transport-agnostic heart of an exported service: request bytes in,
 * response bytes out. The HTTP server, the ssh bridge and tests all call
 * `handle`; it never throws and never rejects, every failure becomes a fault.
 */
export class ServiceDispatcher {
  /** The method table; register through the methods below. */
  public readonly registry = new MethodRegistry();
  /** Name used in logs. */
  public readonly name: string;
  /** Whether `system.multicall` is offered. */
  public readonly multicall: boolean;
  /** Most calls in one `system.multicall`. */
  public readonly maxMulticallCalls: number;
  /** Most bytes of one response (before gzip); a `system.multicall` counts all its entries. */
  public readonly maxResponseBytes: number;
  /** Whether listMethods/methodSignature/methodHelp are offered. */
  public readonly introspection: boolean;
  /** Names advertised as safe to retry. */
  public readonly idempotent: readonly string[];
  /** Time a call may take before the caller gets fault −32603 (0: no limit); a multicall as a whole. */
  public readonly callTimeoutMs: number;
  private readonly decodeLimits: Partial<DecodeLimits> | undefined;
  private readonly decoding: ResolvedDecodeOptions;
  /**
   * How answers are encoded, made once: bounded by `maxResponseBytes`, large
   * integers as exact doubles unless the caller sent `<i8>` itself.
   */
  private readonly plainAnswer: EncodeOptions;
  private readonly i8Answer: EncodeOptions;
  private readonly logger: Logger;
  /** One shared timer for every async call's timeout and its caller's deadline. */
  private readonly deadlines: CallDeadlines;
  /** What `settleOutcome` needs of this dispatcher, made once. */
  private readonly settling: SettleHost;
  /** What the answer encoding needs (`encodeAnswer`). */
  private readonly answering: AnswerHost;
  /** The `interceptors` option as functions, outermost first. */
  private readonly interceptors: readonly ((call: ServerCall, next: ServerNext) => Promise<unknown>)[];

  public constructor(options: ServiceDispatcherOptions = {}) {
    this.name = options.name ?? 'default';
    this.multicall = options.multicall ?? true;
    this.maxMulticallCalls = positiveInteger(options.maxMulticallCalls ?? 1000, 'maxMulticallCalls');
    this.maxResponseBytes = positiveInteger(
      options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      'maxResponseBytes',
    );
    this.plainAnswer = Object.freeze({ maxBytes: this.maxResponseBytes });
    this.i8Answer = Object.freeze({ maxBytes: this.maxResponseBytes, largeIntegers: 'i8' as const });
    this.introspection = options.introspection ?? true;
    this.idempotent = Object.freeze([...(options.idempotent ?? [])]);
    this.callTimeoutMs = nonNegativeInteger(options.callTimeoutMs ?? 30_000, 'callTimeoutMs');
    this.deadlines = new CallDeadlines(this.callTimeoutMs);
    this.interceptors = interceptorFunctions(
      options.interceptors,
      'interceptors',
      (message) => new SpindleError('SPINDLE_INVALID_ARGUMENT', message),
    );
    checkLimits('decodeLimits', options.decodeLimits, Object.keys(DEFAULT_DECODE_LIMITS));
    this.decodeLimits = options.decodeLimits;
    this.decoding = resolveDecodeOptions(options.decoding);
    this.logger = options.logger ?? silentLogger;
    this.settling = {
      name: this.name,
      callTimeoutMs: this.callTimeoutMs,
      deadlines: this.deadlines,
      logger: this.logger,
      failed: (error, method, context) => this.failed(error, method, context),
    };
    this.answering = { name: this.name, logger: this.logger, maxResponseBytes: this.maxResponseBytes };
    registerSystemMethods(this);
  }

  /** Registers one function under `name` (dots allowed). */
  public registerFunction(
    name: string,
    fn: (...params: never[]) => unknown,
    options: MethodOptions = {},
  ): void {
    this.registry.registerFunction(name, fn, options);
  }

  /** Registers an object's public methods (or exactly `options.methods`); returns the names. */
  public registerInstance(service: object, options: RegisterInstanceOptions = {}): readonly string[] {
    return this.registry.registerInstance(service, options);
  }

  /**
   * Answers one request: decodes it, runs the method (with the per-call
   * timeout), encodes the result or the fault. Never rejects.
   */
  public handle(body: Buffer, context: CallContext = NO_CONTEXT): Promise<Buffer> {
    const answer = this.respond(body, context);
    return answer instanceof Promise ? answer : Promise.resolve(answer);
  }

  /**
   * Like `handle`, but answers synchronously when the method returned a plain
   * value: the HTTP server writes such answers without a promise or a
   * microtask hop. A promise only when the method was async. Never throws,
   * never rejects.
   */
  public respond(body: Buffer, context: CallContext = NO_CONTEXT): Buffer | Promise<Buffer> {
    let method: string;
    let params: unknown[];
    let answer: EncodeOptions;
    try {
      const call = decodeCall(body, this.decodeLimits, this.decoding);
      method = call.method;
      params = call.params;
      answer = call.usedI8 ? this.i8Answer : this.plainAnswer;
    } catch (error) {
      const fault = faultFromError(error);
      if (callChannels.serverEnd.hasSubscribers)
        observeServerCall(this.name, '(undecodable)', context)(fault);
      return encodeFailure(this.answering, fault, '(undecodable)', context);
    }
    const observed = callChannels.serverEnd.hasSubscribers
      ? observeServerCall(this.name, method, context)
      : undefined;
    const call = new ServerCall(this.name, method, params, context);
    const outcome = this.run(call);
    if (isThenable(outcome)) {
      // Encoded in the method's own continuation: one promise and one hop, not a chain.
      return settleOutcome(this.settling, outcome, call, (value) => {
        observed?.(value);
        return encodeAnswer(this.answering, value, method, context, answer);
      });
    }
    call.end();
    // A method that ran past its caller's deadline: nobody reads the result, so it is not encoded.
    const callerAt = context.deadlineAt;
    const value =
      callerAt !== undefined && !(outcome instanceof Fault) && performance.now() >= callerAt
        ? resultNotSent(method)
        : outcome;
    observed?.(value);
    return encodeAnswer(this.answering, value, method, context, answer);
  }

  /**
   * Runs one method; gives its value, a `Fault`, or a promise of either. Used by
   * `handle` and by `system.multicall` for each entry. A number whose declared
   * result type is `double` or `i8` comes wrapped (`XmlRpcDouble`, `XmlRpcI8`)
   * so that it is written in that type.
   */
  public invoke(method: string, params: unknown[], context: CallContext): unknown {
    const call = new ServerCall(this.name, method, params, context);
    const outcome = this.run(call);
    if (isThenable(outcome)) return settleOutcome(this.settling, outcome, call, same);
    call.end();
    return outcome;
  }

  /**
   * Runs one call through the interceptors to its method: its value, a
   * `Fault`, or the still unsettled promise it returned. A call whose caller
   * has stopped waiting is not started.
   */
  private run(call: ServerCall): unknown {
    const deadlineAt = call.context.deadlineAt;
    if (deadlineAt !== undefined && deadlineAt <= performance.now()) return notStarted(call.method);
    if (this.interceptors.length === 0 || call.method === 'system.multicall') {
      try {
        return this.runMethod(call);
      } catch (error) {
        return this.failed(error, call.method, call.context);
      }
    }
    return runInCall(call, () =>
      this.intercept(call, 0).catch((error: unknown) => this.failed(error, call.method, call.context)),
    );
  }

  /** Interceptor `index` around the rest of the chain; past the last one, the method. */
  private intercept(call: ServerCall, index: number): Promise<unknown> {
    const interceptor = this.interceptors[index];
    try {
      if (interceptor === undefined) {
        return Promise.resolve(this.runMethod(call)).then((value) =>
          value instanceof Fault ? Promise.reject(value) : value,
        );
      }
      // next is single-use and never left unhandled: see runInterceptor.
      return runInterceptor(interceptor, call, () => this.intercept(call, index + 1), {
        position: `interceptors[${index}]`,
        logger: this.logger,
        fields: () => ({ service: this.name, method: call.method, requestId: call.context.requestId }),
      });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * The method itself: its value (typed by its signature), a `Fault` when it
   * does not exist or the params do not fit, or the promise it returned;
   * throws what it throws.
   */
  private runMethod(call: ServerCall): unknown {
    const method = call.method;
    const entry = this.registry.get(method);
    if (entry === undefined) {
      return new Fault(FAULT_CODES.METHOD_NOT_FOUND, `method '${method.slice(0, 256)}' is not supported`);
    }
    const params = call.params as unknown[];
    const refused = paramsFault(entry, params);
    if (refused !== undefined) return refused;
    const result = runAsCurrent(call, entry.fn, entry.target, params);
    return entry.signatures === undefined
      ? result
      : typedResult(result, declaredResultType(params, entry.signatures));
  }

  private failed(error: unknown, method: string, context: CallContext): Fault {
    const fault = faultFromError(error);
    // Formatting a stack costs more than the rest of a failed call: only when the line is written.
    if (!(error instanceof Fault) && logs(this.logger, 'warn')) {
      // The full error (stack included) stays in the server's log; the caller gets the message only.
      this.logger.warn('method failed', {
        service: this.name,
        method,
        requestId: context.requestId,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
    return fault;
  }
}

/**
 * Whether `logger` writes lines at `level`: never for the silent default, else
 * what its optional `isEnabled` says (the CLI's logger has one), else yes.
 */
function logs(logger: Logger, level: 'warn'): boolean {
  if (logger === silentLogger) return false;
  const isEnabled = (logger as { isEnabled?: unknown }).isEnabled;
  return (
    typeof isEnabled !== 'function' || (isEnabled as (level: string) => unknown).call(logger, level) === true
  );
}

function same(value: unknown): unknown {
  return value;
}
