import { Worker } from 'node:worker_threads';

import type { CoverageWorkerReply, CoverageWorkerRequest } from './coverageWorker.js';
import { HANG_MS, saveRegression } from './fuzzContract.js';

/** Largest input the watchdog can save from a hung worker. */
const CURRENT_BYTES = 1 << 20;

/**
 * Runs the coverage-guided fuzzer for `target` in a worker thread and resolves
 * with its figures. A watchdog ends a worker that overruns its time bound by
 * more than the hang bound: the input it was running is saved as a regression
 * fixture (`coverage-<target>-hang-…`) and the promise rejects.
 */
export function runCoverageWorker(
  request: Omit<CoverageWorkerRequest, 'current'>,
): Promise<CoverageWorkerReply> {
  const current = new SharedArrayBuffer(4 + CURRENT_BYTES);
  const worker = new Worker(new URL('./coverageWorker.js', import.meta.url), {
    workerData: { ...request, current } satisfies CoverageWorkerRequest,
  });
  return new Promise<CoverageWorkerReply>((resolve, reject) => {
    let reply: CoverageWorkerReply | undefined;
    // Generous: the seeds and the final corpus are replayed outside maxMs.
    const watchdog = setTimeout(
      () => {
        const n = new Int32Array(current, 0, 1)[0] ?? 0;
        const saved = saveRegression(
          `coverage-${request.target}-hang`,
          Buffer.from(current, 4, n),
          request.regressionsDir,
        );
        void worker.terminate();
        reject(
          new Error(`hang: the fuzzer overran its bound; the input it was running is saved as ${saved}`),
        );
      },
      request.watchdogMs ?? request.maxMs * 2 + HANG_MS * 10,
    );
    worker.on('message', (message: CoverageWorkerReply) => {
      reply = message;
    });
    worker.on('error', (error) => {
      clearTimeout(watchdog);
      reject(error);
    });
    worker.on('exit', (code) => {
      clearTimeout(watchdog);
      if (reply !== undefined) resolve(reply);
      else reject(new Error(`the fuzz worker exited with code ${String(code)} and no figures`));
    });
  });
}
