import { SpindleError } from '../../common/SpindleError.js';

/**
 * Takes `--drain-delay MS` (or `--drain-delay=MS`) out of `spindle run`'s
 * arguments: after SIGTERM, how long the process keeps serving with `/readyz`
 * answering 503 before it stops accepting (the time a Kubernetes Service or a
 * load balancer needs to stop sending it traffic). Returns the delay (0 when
 * absent) and the other arguments, unchanged and in order.
 */
export function takeDrainDelay(argv: readonly string[]): { drainDelayMs: number; rest: string[] } {
  const rest: string[] = [];
  let drainDelayMs = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    let value: string | undefined;
    if (arg === '--drain-delay') {
      value = argv[i + 1];
      i += 1;
    } else if (arg.startsWith('--drain-delay=')) {
      value = arg.slice('--drain-delay='.length);
    } else {
      rest.push(arg);
      continue;
    }
    if (value === undefined || !/^\d+$/.test(value)) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `--drain-delay needs a whole number of milliseconds, got '${value ?? ''}'`,
      );
    }
    drainDelayMs = Number(value);
  }
  return { drainDelayMs, rest };
}
