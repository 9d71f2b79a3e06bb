import { AsyncLocalStorage } from 'node:async_hooks';

import type { CallContext } from './CallContext.js';

const NO_METADATA: Readonly<Record<string, string>> = Object.freeze({});

/**
 * One method call being served: what `currentCall()` returns inside a service
 * method and what server interceptors see. Cheap to make (the dispatcher makes
 * one per call): every field reads through to the transport's `CallContext`,
 * and the `signal` (with its timer and socket listener) exists only once
 * somebody reads it.
 */
export class ServerCall {
  #controller: AbortController | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopWatching: (() => void) | undefined;
  #ended = false;
  #metadata: Readonly<Record<string, string>> | undefined;

  public constructor(
    /** The service's name (the exporter's `serviceName`, or `default`). */
    public readonly service: string,
    /** The XML-RPC method name as sent (`examples.getStateName`). */
    public readonly method: string,
    /** The decoded arguments. */
    public readonly params: readonly unknown[],
    /** What the transport knows of the request. */
    public readonly context: CallContext,
  ) {}

  /** The caller's `X-Request-Id`, if it sent one. */
  public get requestId(): string | undefined {
    return this.context.requestId;
  }

  /** The URL path the request came on (`/Calculator`), when served over HTTP. */
  public get path(): string | undefined {
    return this.context.path;
  }

  /** The peer's IP address. */
  public get remoteAddress(): string | undefined {
    return this.context.remoteAddress;
  }

  /** The user HTTP Basic auth admitted, if the service has `auth`. */
  public get user(): string | undefined {
    return this.context.user;
  }

  /** The subject of the client's TLS certificate (`{ CN, O, OU, … }`), if it presented one. */
  public get clientSubject(): Readonly<Record<string, string>> | undefined {
    return this.context.clientSubject;
  }

  /**
   * The request's metadata: its HTTP headers, names in lower case, without
   * `authorization` and `proxy-authorization`. What a client interceptor put
   * in `CallOptions.metadata` arrives here.
   */
  public get metadata(): Readonly<Record<string, string>> {
    // Read once: the HTTP server builds the dict from the request's headers on each read.
    this.#metadata ??= this.context.metadata ?? NO_METADATA;
    return this.#metadata;
  }

  /** When the caller stops waiting (its `Spindle-Timeout`), as a `Date`; undefined when it did not say. */
  public get deadline(): Date | undefined {
    const at = this.context.deadlineAt;
    return at === undefined ? undefined : new Date(Date.now() + (at - performance.now()));
  }

  /** Milliseconds until the caller stops waiting (0 once passed); `Infinity` when it did not say. */
  public remainingMs(): number {
    const at = this.context.deadlineAt;
    return at === undefined ? Infinity : Math.max(0, at - performance.now());
  }

  /**
   * Aborted when nobody waits for this call's result any more: the caller's
   * deadline passed (reason: a `TimeoutError` DOMException), the server's
   * `callTimeoutMs` answered for it (also a `TimeoutError`), or the caller's
   * connection closed (an `AbortError`). Made on first read.
   */
  public get signal(): AbortSignal {
    if (this.#controller !== undefined) return this.#controller.signal;
    const controller = new AbortController();
    this.#controller = controller;
    if (this.#ended) return controller.signal;
    if (this.context.callerGone === true) {
      controller.abort(callerGone());
      return controller.signal;
    }
    const remaining = this.remainingMs();
    if (remaining === 0) {
      controller.abort(deadlinePassed('the caller'));
      return controller.signal;
    }
    if (remaining !== Infinity) {
      this.#timer = setTimeout(() => {
        this.abort(deadlinePassed('the caller'));
      }, Math.ceil(remaining));
      this.#timer.unref();
    }
    this.#stopWatching = this.context.watchCaller?.(() => {
      this.abort(callerGone());
    });
    return controller.signal;
  }

  /**
   * @internal Whether its signal was aborted: whoever read it was told that
   * nobody waits for the result, so the result must not be sent as if they
   * did. (The signal's timer counts whole milliseconds and may fire a little
   * before the exact deadline.)
   */
  public get abandoned(): boolean {
    return this.#controller?.signal.aborted === true;
  }

  /** @internal The server stopped waiting (its call timeout): aborts the signal if anybody holds it. */
  public expire(): void {
    this.abort(deadlinePassed('the server'));
  }

  /** @internal The call was answered: the signal's timer and socket listener go. */
  public end(): void {
    this.#ended = true;
    if (this.#controller === undefined) return;
    clearTimeout(this.#timer);
    this.#stopWatching?.();
    this.#stopWatching = undefined;
  }

  private abort(reason: DOMException): void {
    const controller = this.#controller;
    if (controller === undefined || controller.signal.aborted) return;
    controller.abort(reason);
    this.end();
  }
}

function deadlinePassed(who: string): DOMException {
  return new DOMException(`${who} stopped waiting for this call (deadline passed)`, 'TimeoutError');
}

function callerGone(): DOMException {
  return new DOMException('the caller went away (its connection closed)', 'AbortError');
}

const storage = new AsyncLocalStorage<ServerCall>();
/** The call whose method is running synchronously right now (see `runAsCurrent`). */
let running: ServerCall | undefined;

/**
 * The call being served, inside a service method (or a server interceptor):
 * who calls, on which path, with which deadline and metadata, and a signal
 * that fires when nobody waits any more. Returns `undefined` outside a call.
 *
 * It is known in the synchronous part of every method, and throughout
 * `async` methods (through `AsyncLocalStorage`); a plain function that
 * returns a promise sees it only before it returns.
 */
export function currentCall(): ServerCall | undefined {
  return running ?? storage.getStore();
}

/**
 * Runs `fn.apply(target, params)` as `call`. An `async` function runs inside
 * `AsyncLocalStorage` so its continuations see the call; a plain one only sets
 * a variable for its synchronous run, so methods that never await pay nothing
 * for the call context (entering the storage costs every later promise).
 */
export function runAsCurrent(
  call: ServerCall,
  fn: (...params: unknown[]) => unknown,
  target: unknown,
  params: unknown[],
): unknown {
  if ((fn as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === 'AsyncFunction') {
    return runInCall(call, () => fn.apply(target, params));
  }
  const outer = running;
  running = call;
  try {
    return fn.apply(target, params);
  } finally {
    running = outer;
  }
}

/** Runs `fn` with `call` as the current call for everything it awaits (async methods, interceptor chains). */
export function runInCall<T>(call: ServerCall, fn: () => T): T {
  // A call served from inside another's synchronous method must not see the outer one.
  const outer = running;
  running = undefined;
  try {
    return storage.run(call, fn);
  } finally {
    running = outer;
  }
}

/**
 * Runs `fn` outside any served call: `currentCall()` is `undefined` in it and
 * in everything it starts. Background work that a call merely happens to
 * trigger (a pool's health probes, its stall sweep, capability discovery)
 * runs so, or it would keep that call's context, and with it a deadline that
 * has long passed (`callerBudget` would give each probe 0 ms).
 */
export function outsideCall<T>(fn: () => T): T {
  if (running === undefined && storage.getStore() === undefined) return fn();
  const outer = running;
  running = undefined;
  try {
    return storage.exit(fn);
  } finally {
    running = outer;
  }
}
