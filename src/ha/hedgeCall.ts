import { SpindleError } from '../common/index.js';
import { TransportError } from '../rpc/index.js';
import type { PoolCall } from './PoolCall.js';

/** Options of hedged calls (gRPC A6's `hedgingPolicy`), for idempotent methods only. */
export interface HedgingOptions {
  /**
   * How long an attempt may go unanswered before the next one is sent to
   * another member, in milliseconds. Set it near the members' p95 latency:
   * lower sends more duplicate work, higher gains less.
   */
  readonly delayMs: number;
}

/** `options` checked, or undefined when hedging is off. */
export function checkHedging(options: HedgingOptions | undefined): HedgingOptions | undefined {
  if (options === undefined) return undefined;
  if (!(typeof options.delayMs === 'number' && options.delayMs >= 0 && Number.isFinite(options.delayMs))) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `HighAvailabilityProxy: hedging.delayMs must be a finite number >= 0, got ${String(options.delayMs)}`,
    );
  }
  return options;
}

/**
 * Runs an idempotent call as gRPC's hedging does (A6): the first attempt at
 * once, then one more on another member every `delayMs` while none has
 * answered, at most the pool's `maxAttempts` in all, each after the first
 * drawing from the retry budget. The first answer (a result or a fault) wins
 * and the other attempts are cancelled (their signal aborted). An attempt
 * that fails in transport lets the next one go at once. When none answers,
 * the call ends with the most cautious outcome of all its attempts.
 */
export function hedgeCall(call: PoolCall, options: HedgingOptions): Promise<unknown> {
  const { maxAttempts, budget } = call.context;
  const cancel = new AbortController();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let previous = '';
    let pending = 0;
    let exhausted = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (end: { readonly value: unknown } | { readonly error: Error }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      cancel.abort('another attempt answered first');
      if ('error' in end) reject(end.error);
      else resolve(end.value);
    };
    /** No more attempts will be sent: the call ends once the last one out ends. */
    const stopSending = (): void => {
      exhausted = true;
      if (pending === 0) finish({ error: call.finalError() });
    };
    /** Sends the next attempt, if the limits allow; `reason` says why (for the `retry` event). */
    const launch = (reason: string): void => {
      clearTimeout(timer);
      if (settled) return;
      const member =
        !exhausted && sent < maxAttempts && call.remaining() > 0 && (sent === 0 || !call.aborted)
          ? call.pick()
          : undefined;
      if (member === undefined || (sent > 0 && !budget.tryWithdraw())) {
        stopSending();
        return;
      }
      sent += 1;
      pending += 1;
      call.exclude(member);
      if (sent > 1) call.context.onRetry(call, sent, member, previous, reason);
      previous = member.description;
      call.send(member, cancel.signal).then(
        (value) => {
          finish({ value });
        },
        (error: unknown) => {
          pending -= 1;
          if (settled) return;
          // A fault is the service's answer: it ends the call like a result.
          if (!(error instanceof TransportError)) {
            finish({ error: error instanceof Error ? error : new Error(String(error)) });
            return;
          }
          call.failed(member, error);
          if (call.aborted) {
            finish({ error: error.outcome === 'unknown' ? error : (call.mayHaveRun() ?? error) });
            return;
          }
          launch(error.message);
        },
      );
      timer = setTimeout(() => {
        launch(`no answer from ${member.description} within ${String(options.delayMs)} ms (hedged)`);
      }, options.delayMs);
    };
    launch('first attempt');
  });
}
