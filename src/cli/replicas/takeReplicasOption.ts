import { SpindleError } from '../../common/index.js';

/**
 * Takes `--replicas N` (or `--replicas=N`) out of `spindle run`'s arguments.
 * Returns the count (undefined when absent) and the other arguments, unchanged
 * and in order, for each replica's own `spindle run`.
 */
export function takeReplicasOption(argv: readonly string[]): { count: number | undefined; rest: string[] } {
  const rest: string[] = [];
  let count: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    let value: string | undefined;
    if (arg === '--replicas') {
      value = argv[i + 1];
      i += 1;
    } else if (arg.startsWith('--replicas=')) {
      value = arg.slice('--replicas='.length);
    } else {
      rest.push(arg);
      continue;
    }
    const parsed = Number(value);
    if (value === undefined || !/^\d+$/.test(value) || parsed < 1) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `--replicas needs a whole number >= 1, got '${value ?? ''}'`,
      );
    }
    count = parsed;
  }
  return { count, rest };
}
