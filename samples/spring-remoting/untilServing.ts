/**
 * Lets a client typed straight after `spindle run … &` wait for its server
 * instead of failing with a stack trace: the server prints `spindle: ready`
 * once it listens, and until then a call cannot even be sent.
 */
import { SpindleError, TransportError } from 'spindle';

/** How long a client waits for a server that does not answer yet, in milliseconds. */
export const WAIT_FOR_SERVER_MS = 30_000;
/** Pause between two attempts, in milliseconds. */
const RETRY_MS = 500;

/**
 * Runs `attempt`; while no server answers (a `TransportError` with outcome
 * `not-executed`, e.g. a refused connection or a pool with no member up: the
 * call did not run, so trying again is safe), runs it again every half second
 * for up to 30 s, saying once on stderr what it waits for. Any other error,
 * or the same one after 30 s, is thrown.
 */
export async function untilServing<T>(attempt: () => Promise<T>): Promise<T> {
  const until = Date.now() + WAIT_FOR_SERVER_MS;
  let told = false;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      const notRun = error instanceof TransportError && error.outcome === 'not-executed';
      if (!notRun || Date.now() >= until) throw error;
      if (!told) {
        console.error(
          `CLIENT: no server answers yet (${error.message}); retrying for up to ${String(WAIT_FOR_SERVER_MS / 1000)} s. ` +
            `Is 'spindle run' started? It prints 'spindle: ready' once it serves.`,
        );
        told = true;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}

/** An error as one line for a person: its code and message, never a stack. */
export function oneLine(error: unknown): string {
  const text = SpindleError.is(error) ? `${error.code}: ${error.message}` : String(error);
  return text.replace(/\s*\n\s*/g, ' ');
}
