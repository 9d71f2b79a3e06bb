import { subscribe, unsubscribe } from 'node:diagnostics_channel';

import type { ServerCallEnd, ServerCallStart } from '../../common/index.js';
import { CALL_CHANNEL_NAMES } from '../../common/index.js';

/** One call an exported service is still running. */
export interface RunningCall {
  /** `service.method`, e.g. `Calculator.add`. */
  readonly name: string;
  /** How long it has run, in milliseconds. */
  readonly runningMs: number;
}

/**
 * The calls this process's exporters are running right now, from the
 * server call channels: what `spindle run` is waiting for while it drains
 * after Ctrl-C. Calls are matched by service, method and request id; two
 * calls with the same three are told apart first-in, first-out.
 */
export class InFlightCalls {
  readonly #started = new Map<string, number[]>();
  readonly #onStart = (message: unknown): void => {
    const key = keyOf(message as ServerCallStart);
    const times = this.#started.get(key) ?? [];
    times.push(performance.now());
    this.#started.set(key, times);
  };
  readonly #onEnd = (message: unknown): void => {
    const key = keyOf(message as ServerCallEnd);
    const times = this.#started.get(key);
    // An end without a start (an undecodable request) held no slot.
    if (times === undefined) return;
    times.shift();
    if (times.length === 0) this.#started.delete(key);
  };

  public constructor() {
    subscribe(CALL_CHANNEL_NAMES.serverStart, this.#onStart);
    subscribe(CALL_CHANNEL_NAMES.serverEnd, this.#onEnd);
  }

  /** The running calls, longest-running first. */
  public list(): RunningCall[] {
    const now = performance.now();
    const calls: RunningCall[] = [];
    for (const [key, times] of this.#started) {
      const name = key.slice(0, key.indexOf(' '));
      for (const at of times) calls.push({ name, runningMs: now - at });
    }
    return calls.sort((a, b) => b.runningMs - a.runningMs);
  }

  /** Stops listening. */
  public close(): void {
    unsubscribe(CALL_CHANNEL_NAMES.serverStart, this.#onStart);
    unsubscribe(CALL_CHANNEL_NAMES.serverEnd, this.#onEnd);
  }
}

function keyOf(event: ServerCallStart): string {
  return `${event.service}.${event.method} ${event.requestId ?? ''}`;
}

/** `1 call: Calculator.wait (running 12.0 s)`, at most three named. */
export function describeRunningCalls(calls: readonly RunningCall[]): string {
  const shown = calls
    .slice(0, 3)
    .map((call) => `${call.name} (running ${(call.runningMs / 1000).toFixed(1)} s)`);
  const more = calls.length > 3 ? `, and ${String(calls.length - 3)} more` : '';
  return `${String(calls.length)} call${calls.length === 1 ? '' : 's'}: ${shown.join(', ')}${more}`;
}
