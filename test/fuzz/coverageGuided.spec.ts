import assert from 'node:assert/strict';

import { recordFigures } from '../adversarial/recordFigures.js';
import type { CoverageWorkerReply } from './coverageWorker.js';
import { runs } from './fuzzContract.js';
import { runCoverageWorker } from './runCoverageWorker.js';

/** Time bound of each target's run (ms); scaled like the counts, capped so CI stays bounded. */
function timeBound(baseMs: number): number {
  const scale = Number(process.env['SPINDLE_FUZZ_SCALE'] ?? '1');
  return Math.round(baseMs * Math.min(100, Number.isFinite(scale) && scale > 0 ? scale : 1));
}

/**
 * The coverage-guided fuzzer (test/fuzz/coverageGuided.ts), each target in a
 * worker thread with V8 precise block coverage on. Asserted: the contract held
 * for every input (saved as a regression fixture otherwise), and the guidance
 * worked — inputs that reached new blocks were kept, and the final corpus runs
 * strictly more blocks of the code under test than the seeds it grew from.
 */
describe('fuzz: coverage-guided (V8 block coverage through node:inspector)', function () {
  this.timeout(180_000);

  const check = (name: string, reply: CoverageWorkerReply): void => {
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
    assert.ok(reply.inputs > 0, 'the fuzzer ran inputs');
    assert.ok(
      reply.corpusSize > reply.seeds,
      `the corpus grew beyond its ${String(reply.seeds)} seeds (${String(reply.corpusSize)})`,
    );
    assert.ok(
      reply.corpusBlocks > reply.seedBlocks,
      `the corpus covers more blocks than the seeds (${String(reply.corpusBlocks)} vs ${String(reply.seedBlocks)})`,
    );
  };

  it('the decoder: every input a value or a typed error; the corpus reaches blocks the seeds do not', async () => {
    const reply = await runCoverageWorker({
      target: 'decoder',
      maxInputs: runs(60_000),
      maxMs: timeBound(25_000),
      seed: 9,
      batchSize: 256,
    });
    check('decoder', reply);
  });

  it('the request handler: every input a well-formed reply in time; the corpus reaches blocks the seeds do not', async () => {
    const reply = await runCoverageWorker({
      target: 'handler',
      maxInputs: runs(40_000),
      maxMs: timeBound(25_000),
      seed: 9,
      batchSize: 256,
    });
    check('handler', reply);
  });
});
