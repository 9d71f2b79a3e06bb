import { Worker } from 'node:worker_threads';

import type { CoverageWorkerReply, CoverageWorkerRequest } from './coverageWorker.js';
import { HANG_MS, saveRegression } from './fuzzContract.js';

/** Largest input the watchdog can save from a hung worker. */
const CURRENT_BYTES = 1 << 20;
/** The shared buffer's header: the current input's length, then the count of inputs started. */
const HEADER_BYTES = 8;
/** Time a worker has to start its first input (imports, the inspector session), however loaded the machine. */
const STARTUP_MS = 120_000;

/**
 * Runs the coverage-guided fuzzer for `target` in a worker thread and resolves
 * with its figures. A watchdog ends a worker stuck on one input for longer than
 * `watchdogMs` (progress, not total time: a loaded machine that keeps starting
 * inputs is never taken for a hang): the input it was running is saved as a
 * regression fixture (`coverage-<target>-hang-…`) and the promise rejects.
 */
export function runCoverageWorker(
  request: Omit<CoverageWorkerRequest, 'current'>,
): Promise<CoverageWorkerReply> {
  const current = new SharedArrayBuffer(HEADER_BYTES + CURRENT_BYTES);
  const header = new Int32Array(current, 0, 2);
  const stallMs = request.watchdogMs ?? HANG_MS * 10;
  const worker = new Worker(new URL('./coverageWorker.js', import.meta.url), {
    workerData: { ...request, current } satisfies CoverageWorkerRequest,
  });
  return new Promise<CoverageWorkerReply>((resolve, reject) => {
    let reply: CoverageWorkerReply | undefined;
    let seen = 0;
    let seenAt = performance.now();
    const watchdog = setInterval(
      () => {
        const started = Atomics.load(header, 1);
        const now = performance.now();
        if (started !== seen) {
          seen = started;
          seenAt = now;
          return;
        }
        if (now - seenAt < (started === 0 ? STARTUP_MS : stallMs)) return;
        clearInterval(watchdog);
        const n = Atomics.load(header, 0);
        const saved = saveRegression(
          `coverage-${request.target}-hang`,
          Buffer.from(current, HEADER_BYTES, n),
          request.regressionsDir,
        );
        void worker.terminate();
        reject(
          new Error(`hang: the fuzzer overran its bound; the input it was running is saved as ${saved}`),
        );
      },
      Math.max(10, Math.min(250, stallMs / 4)),
    );
    worker.on('message', (message: CoverageWorkerReply) => {
      reply = message;
    });
    worker.on('error', (error) => {
      clearInterval(watchdog);
      reject(error);
    });
    worker.on('exit', (code) => {
      clearInterval(watchdog);
      if (reply !== undefined) resolve(reply);
      else reject(new Error(`the fuzz worker exited with code ${String(code)} and no figures`));
    });
  });
}
