import { sleep } from './wait.js';

/** Counts of a load run. */
export interface LoadResult {
  calls: number;
  failed: number;
  errors: string[];
}

/**
 * Calls back to back from `concurrency` workers until `stop()` (bounded by
 * `maxCalls` and a pause between calls, so a loaded machine is not swamped).
 */
export class Load {
  public readonly result: LoadResult = { calls: 0, failed: 0, errors: [] };
  #stopped = false;
  readonly #done: Promise<void>;

  public constructor(
    concurrency: number,
    call: (n: number) => Promise<unknown>,
    options: { pauseMs?: number; maxCalls?: number } = {},
  ) {
    const pauseMs = options.pauseMs ?? 5;
    const maxCalls = options.maxCalls ?? 200_000;
    this.#done = Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (!this.#stopped && this.result.calls < maxCalls) {
          const n = this.result.calls++;
          try {
            await call(n);
          } catch (error) {
            this.result.failed += 1;
            if (this.result.errors.length < 10) this.result.errors.push(String(error));
          }
          await sleep(pauseMs);
        }
      }),
    ).then(() => undefined);
  }

  /** Stops the workers and resolves once every call has settled. */
  public async stop(): Promise<LoadResult> {
    this.#stopped = true;
    await this.#done;
    return this.result;
  }
}
