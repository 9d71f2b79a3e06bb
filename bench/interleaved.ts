/** Completed calls and the seconds they took. */
export interface Tally {
  calls: number;
  seconds: number;
}

/** Runs `lanes` loops of `call` for `ms` milliseconds (each lane awaits its call before the next). */
export async function measureCalls(ms: number, lanes: number, call: () => Promise<unknown>): Promise<Tally> {
  const end = performance.now() + ms;
  let calls = 0;
  const lane = async (): Promise<void> => {
    while (performance.now() < end) {
      await call();
      calls += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: lanes }, lane));
  return { calls, seconds: (performance.now() - started) / 1000 };
}

/**
 * Runs every contender `rounds` times in turn (the order reversed every other
 * round) and adds up their calls and time: on a busy machine, load that comes
 * and goes then falls on all of them alike instead of on whoever ran during a
 * bad second. Returns calls per second by contender.
 */
export async function interleaved(
  rounds: number,
  contenders: readonly (readonly [string, () => Promise<Tally>])[],
): Promise<Map<string, number>> {
  const totals = new Map<string, Tally>(contenders.map(([name]) => [name, { calls: 0, seconds: 0 }]));
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? contenders : [...contenders].reverse();
    for (const [name, run] of order) {
      const tally = await run();
      const total = totals.get(name);
      if (total !== undefined) {
        total.calls += tally.calls;
        total.seconds += tally.seconds;
      }
    }
  }
  return new Map([...totals].map(([name, total]) => [name, total.calls / total.seconds]));
}
