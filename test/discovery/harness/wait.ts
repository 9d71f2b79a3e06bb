/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 10 ms until it holds; fails after `timeoutMs` (a loaded machine gets room). */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<number> {
  const started = Date.now();
  const until = started + timeoutMs;
  for (let i = 0; i < 100_000; i++) {
    if (await condition()) return Date.now() - started;
    if (Date.now() > until) break;
    await sleep(10);
  }
  throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}`);
}

/** Prints one measured figure, so the run shows the numbers the issue asks for. */
export function figure(name: string, value: string): void {
  console.log(`      figure: ${name}: ${value}`);
}
