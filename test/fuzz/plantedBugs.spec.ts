import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CoverageWorkerReply } from './coverageWorker.js';
import { REGRESSIONS_DIR } from './fuzzContract.js';
import { plantedFields, PlantedFormatError, plantedParse } from './plantedParser.js';
import { runCoverageWorker } from './runCoverageWorker.js';
import { startTogether } from './startTogether.js';

/**
 * The fuzzer's failure paths, on test-only targets with planted bugs
 * (test/fuzz/plantedParser.ts): a contract violation is found, reported and
 * saved as bytes that reproduce it; a hang is stopped by the watchdog and its
 * input saved. Saved inputs go to a temporary directory, never to the committed
 * test/fixtures/fuzz-regressions.
 */
describe('fuzz: the coverage-guided fuzzer on planted bugs', function () {
  // Generous: these runs are bounded by input count, and a loaded CI machine may be several times slower.
  this.timeout(1_200_000);

  let dir = '';
  const committed = readdirSync(REGRESSIONS_DIR).sort();
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-fuzz-planted-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(
      readdirSync(REGRESSIONS_DIR).sort(),
      committed,
      'nothing written to the committed fixtures',
    );
  });

  // Bounded by count, never by time: the same seed draws the same inputs, so what the guided run finds
  // and the blind run misses does not depend on how fast the machine is. Seed 9 finds the magic after
  // about 21,000 inputs. maxMs only guards a stalled machine: it is far beyond what the count needs
  // even on a loaded CI (a run that hits it fails loudly below instead of passing by luck).
  const budget = { maxInputs: 40_000, maxMs: 600_000, seed: 9, batchSize: 256, maxInputBytes: 4 } as const;
  const stalled = (ms: number): string =>
    `the run hit its ${String(budget.maxMs)} ms stall guard after ${ms.toFixed(0)} ms: the machine stalled`;

  // The guided and the blind run at once (see startTogether), each with its own directory.
  const runDirs: string[] = [];
  const run = (guided: boolean) => async (): Promise<{ reply: CoverageWorkerReply; regressions: string }> => {
    const regressions = mkdtempSync(join(tmpdir(), 'spindle-fuzz-planted-'));
    runDirs.push(regressions);
    const reply = await runCoverageWorker({
      target: 'planted-magic',
      regressionsDir: regressions,
      guided,
      ...budget,
    });
    return { reply, regressions };
  };
  const started = startTogether({ guided: run(true), blind: run(false) });
  before(() => {
    void started('guided');
  });
  after(() => {
    for (const runDir of runDirs.splice(0)) rmSync(runDir, { recursive: true, force: true });
  });

  it('climbs a 4-byte magic prefix by coverage, reports the violation and saves bytes that reproduce it', async () => {
    const { reply, regressions } = await started('guided');
    assert.ok(reply.ms < budget.maxMs, stalled(reply.ms));
    assert.ok(reply.failures.length > 0, `the planted bug was found within ${String(reply.inputs)} inputs`);
    assert.ok(reply.inputs < budget.maxInputs, 'the run stopped on the violations, before its budget');
    assert.ok(reply.crashes > 0);
    const saved = readdirSync(regressions);
    assert.ok(saved.length > 0);
    for (const failure of reply.failures) {
      assert.match(failure.message, /^crash in plantedParse: planted bug: the FUZZ magic/);
      assert.match(failure.saved, /^coverage-planted-magic-[0-9a-f]{16}\.bin$/);
      assert.ok(saved.includes(failure.saved), `${failure.saved} is in the fixture directory`);
    }
    for (const name of saved) {
      const input = readFileSync(join(regressions, name));
      assert.throws(
        () => plantedParse(input),
        (error: unknown) =>
          error instanceof Error &&
          !(error instanceof PlantedFormatError) &&
          /planted bug/.test(error.message),
        `replaying ${name} (${input.toString('latin1')}) breaks the contract again`,
      );
    }
  });

  it('without coverage feedback, the same budget and seed do not find it', async () => {
    const { reply, regressions } = await started('blind');
    assert.ok(reply.ms < budget.maxMs, stalled(reply.ms));
    assert.equal(reply.inputs, budget.maxInputs, 'the blind run spent its whole input budget');
    assert.equal(reply.corpusSize, reply.seeds, 'the blind run kept no input');
    assert.deepEqual(reply.failures, []);
    assert.deepEqual(readdirSync(regressions), []);
  });

  it('stops a worker stuck in a synchronous loop, saves the input it was running and reports a hang', async () => {
    // The planted loop spins for 60 s; the rejection below comes only from the watchdog, so no
    // elapsed-time assertion is needed (one would depend on the machine's speed).
    await assert.rejects(
      runCoverageWorker({
        target: 'planted-nul',
        regressionsDir: dir,
        maxInputs: 100_000,
        // The watchdog fires on one input running 3 s (progress, not total time), so it can only
        // catch the NUL input, however slowly a loaded machine gets there; the loop spins 60 s.
        maxMs: 600_000,
        watchdogMs: 3_000,
        seed: 9,
        batchSize: 256,
      }),
      /^Error: hang: the fuzzer overran its bound; the input it was running is saved as coverage-planted-nul-hang-[0-9a-f]{16}\.bin$/,
    );
    const saved = readdirSync(dir);
    assert.equal(saved.length, 1);
    const input = readFileSync(join(dir, saved[0] ?? ''));
    assert.ok(input.includes(0x00), 'the saved input holds the NUL that hangs the target');
    assert.equal(plantedFields(input, 100), -1, 'replaying the saved input spins again');
  });
});
