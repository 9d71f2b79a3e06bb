import assert from 'node:assert/strict';

import { recordFigures } from '../adversarial/recordFigures.js';
import type { CoverageWorkerReply } from './coverageWorker.js';
import { runs } from './fuzzContract.js';
import { runCoverageWorker } from './runCoverageWorker.js';
import { startTogether } from './startTogether.js';

/**
 * Inputs per format: about ten seconds each on an idle 2-core machine, so
 * both stay well under a minute loaded. Bounded by count, never by time:
 * `maxMs` is out of reach, and the watchdog is only there to end a hang.
 */
const INPUTS = 1500;
const NEVER_MS = 10 * 60_000;
/** Ends a worker that hangs (the input it ran is saved); far above the ~10 s a run takes. */
const WATCHDOG_MS = 240_000;

/**
 * The coverage-guided fuzzer (test/fuzz/coverageGuided.ts) on the context
 * readers: bytes mutated from every context file of the repository, read as
 * XML and as YAML, then flattened and validated. Asserted: no input broke the
 * readers' contract (a located problem or nothing, never an exception; see
 * contextContract.ts), no hang, and the guidance found inputs that reach
 * reader code the seeds do not.
 */
describe('fuzz: the context readers, coverage-guided', function () {
  this.timeout(WATCHDOG_MS + 60_000);

  const run = (target: 'context-xml' | 'context-yaml') => (): Promise<CoverageWorkerReply> =>
    runCoverageWorker({
      target,
      maxInputs: runs(INPUTS),
      maxMs: NEVER_MS,
      watchdogMs: WATCHDOG_MS,
      seed: 13,
      batchSize: 256,
    });
  // Both formats at once, each in its own worker thread (see startTogether).
  const started = startTogether({ xml: run('context-xml'), yaml: run('context-yaml') });
  before(() => {
    void started('xml');
  });

  for (const format of ['xml', 'yaml'] as const) {
    it(`${format.toUpperCase()}: every input read to located problems, none thrown, none hung; the corpus grows past the seeds`, async () => {
      const target = `context-${format}` as const;
      const reply: CoverageWorkerReply = await started(format);
      recordFigures(`fuzz-coverage-${target}`, {
        inputs: reply.inputs,
        seeds: reply.seeds,
        corpusSize: reply.corpusSize,
        seedBlocks: reply.seedBlocks,
        corpusBlocks: reply.corpusBlocks,
        crashes: reply.crashes,
        hangs: reply.hangs,
      });
      assert.deepEqual(
        reply.failures,
        [],
        `contract violations (saved under test/fixtures/fuzz-regressions/): ${JSON.stringify(reply.failures)}`,
      );
      assert.equal(reply.crashes, 0);
      assert.deepEqual(reply.unhandledRejections, []);
      assert.equal(reply.inputs, runs(INPUTS), 'every input of the budget ran: the count bounds the run');
      assert.ok(
        reply.corpusBlocks > reply.seedBlocks,
        `the corpus covers more reader blocks than the seeds (${String(reply.corpusBlocks)} vs ${String(reply.seedBlocks)})`,
      );
    });
  }
});
