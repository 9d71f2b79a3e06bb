import type { Logger } from '../../common/index.js';
import { Fault, FAULT_CODES } from '../../codec/index.js';
import type { CallContext } from './CallContext.js';
import type { CallDeadlines } from './CallDeadlines.js';
import { callerGaveUp, resultNotSent } from './deadlineFaults.js';
import type { ServerCall } from './ServerCall.js';

/** What `settleOutcome` needs of its dispatcher. */
export interface SettleHost {
  /** The service's name, for log lines. */
  readonly name: string;
  /** The server's own time limit per call (0: none). */
  readonly callTimeoutMs: number;
  /** The dispatcher's shared deadline timer. */
  readonly deadlines: CallDeadlines;
  readonly logger: Logger;
  /** The fault for a method's error (logged as the dispatcher logs failures). */
  failed(error: unknown, method: string, context: CallContext): Fault;
}

/**
 * Waits for an async method, turning rejection, the server's call timeout and
 * the caller's deadline (whichever comes first) into faults, and gives what
 * `then` makes of the value or fault. A value that comes after the caller
 * stopped waiting (or went away) is not passed on: nobody would read it, so
 * it is never encoded.
 */
export function settleOutcome<T>(
  host: SettleHost,
  result: PromiseLike<unknown>,
  call: ServerCall,
  then: (value: unknown) => T,
): Promise<T> {
  const { method, context } = call;
  const callerAt = context.deadlineAt;
  const serverAt = host.callTimeoutMs > 0 ? performance.now() + host.callTimeoutMs : undefined;
  const at = callerAt === undefined || (serverAt !== undefined && serverAt < callerAt) ? serverAt : callerAt;
  const finish = (value: unknown): T => {
    call.end();
    // Nobody reads an answer once the caller's deadline passed or it went away: a short fault, not the
    // result. A method told so by its signal is answered so too, even when the signal's timer (whole
    // milliseconds) fired a fraction of one before callerAt.
    if (
      context.callerGone === true ||
      call.abandoned ||
      (callerAt !== undefined && performance.now() >= callerAt)
    ) {
      return then(value instanceof Fault ? value : resultNotSent(method));
    }
    return then(value);
  };
  if (at === undefined) {
    return Promise.resolve(result).then(finish, (error: unknown) =>
      finish(host.failed(error, method, context)),
    );
  }
  const deadlines = host.deadlines;
  return new Promise<T>((resolve) => {
    const deadline = deadlines.add(() => {
      call.expire();
      call.end();
      const caller = at === callerAt;
      resolve(
        then(
          caller
            ? callerGaveUp(method)
            : new Fault(
                FAULT_CODES.INTERNAL_ERROR,
                `method '${method}' did not finish within ${host.callTimeoutMs} ms`,
              ),
        ),
      );
      host.logger.warn(caller ? "method outlived its caller's deadline" : 'method timed out', {
        service: host.name,
        method,
        requestId: context.requestId,
      });
    }, at);
    const rejected = (error: unknown): void => {
      if (deadlines.settle(deadline)) resolve(finish(host.failed(error, method, context)));
    };
    try {
      result.then((value) => {
        if (deadlines.settle(deadline)) resolve(finish(value));
      }, rejected);
    } catch (error) {
      // A hand-made thenable whose then() throws: a failed call like any other.
      rejected(error);
    }
  });
}
