/**
 * Starts every run in `runs` at once, the first time any of them is asked for,
 * and returns a lookup that gives each test its own run's promise. Fuzz runs
 * bounded by their own count and seed share nothing and find the same either
 * way, so on two cores the second need not wait for the first to finish.
 *
 * A run that fails while another test is awaited is reported by its own test
 * (which awaits it), not as an unhandled rejection.
 */
export function startTogether<K extends string, T>(
  runs: Readonly<Record<K, () => Promise<T>>>,
): (key: K) => Promise<T> {
  let running: ReadonlyMap<K, Promise<T>> | undefined;
  return (key) => {
    running ??= new Map(
      (Object.keys(runs) as K[]).map((name) => {
        const promise = runs[name]();
        promise.catch(() => undefined);
        return [name, promise] as const;
      }),
    );
    const run = running.get(key);
    if (run === undefined) throw new Error(`no run named ${key}`);
    return run;
  };
}
