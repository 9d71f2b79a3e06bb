import { takeWholeNumberOption } from '../takeWholeNumberOption.js';

/**
 * Takes `--replicas N` (or `--replicas=N`) out of `spindle run`'s arguments.
 * Returns the count (undefined when absent) and the other arguments, unchanged
 * and in order, for each replica's own `spindle run`.
 */
export function takeReplicasOption(argv: readonly string[]): { count: number | undefined; rest: string[] } {
  const { value, rest } = takeWholeNumberOption(argv, 'replicas', 1, 'a whole number >= 1');
  return { count: value, rest };
}
