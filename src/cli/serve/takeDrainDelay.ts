import { takeWholeNumberOption } from '../takeWholeNumberOption.js';

/**
 * Takes `--drain-delay MS` (or `--drain-delay=MS`) out of `spindle run`'s
 * arguments: after SIGTERM, how long the process keeps serving with `/readyz`
 * answering 503 before it stops accepting (the time a Kubernetes Service or a
 * load balancer needs to stop sending it traffic). Returns the delay (0 when
 * absent) and the other arguments, unchanged and in order.
 */
export function takeDrainDelay(argv: readonly string[]): { drainDelayMs: number; rest: string[] } {
  const { value, rest } = takeWholeNumberOption(argv, 'drain-delay', 0, 'a whole number of milliseconds');
  return { drainDelayMs: value ?? 0, rest };
}
