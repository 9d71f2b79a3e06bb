import assert from 'node:assert/strict';

import { recordFigures } from '../adversarial/recordFigures.js';
import type { CoverageWorkerReply } from './coverageWorker.js';
import { runs } from './fuzzContract.js';
import { runCoverageWorker } from './runCoverageWorker.js';
import { startTogether } from './startTogether.js';

/**
 * Each run is bounded by its input count, so what it finds does not depend on the
 * machine's speed (the same seed gives the same inputs and the same corpus). This time
 * bound only guards a stalled machine; a run that hits it fails (it did not run its count).
 */
const STALL_GUARD_MS = 900_000;

/**
 * The coverage-guided fuzzer (test/fuzz/coverageGuided.ts), each target in a
 * worker thread with V8 precise block coverage on. Asserted: the contract held
 * for every input (saved as a regression fixture otherwise), and the guidance
 * worked — inputs that reached new blocks were kept, and the final corpus runs
 * strictly more blocks of the code under test than the seeds it grew from.
 */
describe('fuzz: coverage-guided (V8 block coverage through node:inspector)', function () {
  this.timeout(2 * STALL_GUARD_MS);

  const check = (name: string, reply: CoverageWorkerReply, maxInputs: number): void => {
    recordFigures(`fuzz-coverage-${name}`, {
      inputs: reply.inputs,
      replays: reply.replays,
      seeds: reply.seeds,
      corpusSize: reply.corpusSize,
      seedBlocks: reply.seedBlocks,
      corpusBlocks: reply.corpusBlocks,
      seedFeatures: reply.seedFeatures,
      corpusFeatures: reply.corpusFeatures,
      inputsPerSecond: reply.inputsPerSecond,
      crashes: reply.crashes,
      hangs: reply.hangs,
      maxMs: reply.maxMs,
    });
    assert.deepEqual(
      reply.failures,
      [],
      `contract violations (saved under test/fixtures/fuzz-regressions/): ${JSON.stringify(reply.failures)}`,
    );
    assert.equal(reply.crashes, 0);
    assert.equal(reply.hangs, 0);
    assert.deepEqual(reply.unhandledRejections, []);
    assert.equal(reply.inputs, maxInputs, 'the fuzzer ran its whole input count');
    assert.ok(
      reply.corpusSize > reply.seeds,
      `the corpus grew beyond its ${String(reply.seeds)} seeds (${String(reply.corpusSize)})`,
    );
    assert.ok(
      reply.corpusBlocks > reply.seedBlocks,
      `the corpus covers more blocks than the seeds (${String(reply.corpusBlocks)} vs ${String(reply.seedBlocks)})`,
    );
  };

  const inputs = { decoder: runs(60_000), handler: runs(40_000) } as const;
  const run = (target: keyof typeof inputs) => (): Promise<CoverageWorkerReply> =>
    runCoverageWorker({ target, maxInputs: inputs[target], maxMs: STALL_GUARD_MS, seed: 9, batchSize: 256 });
  const started = startTogether({ decoder: run('decoder'), handler: run('handler') });
  before(() => {
    void started('decoder');
  });

  it('the decoder: every input a value or a typed error; the corpus reaches blocks the seeds do not', async () => {
    check('decoder', await started('decoder'), inputs.decoder);
  });

  it('the request handler: every input a well-formed reply in time; the corpus reaches blocks the seeds do not', async () => {
    check('handler', await started('handler'), inputs.handler);
  });
});
