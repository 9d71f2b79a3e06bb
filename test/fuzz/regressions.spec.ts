import assert from 'node:assert/strict';

import { ServiceDispatcher } from '../../src/rpc/index.js';
import { checkContextReader } from './contextContract.js';
import { checkDecoders, checkHandler, FuzzStats, loadRegressions } from './fuzzContract.js';

/** `coverage-context-xml-…`, `seed-context-yaml-…`: inputs of the context readers' fuzzing, replayed through them too. */
const contextInput = /^(?:seed|coverage)-context-(xml|yaml)-/;

/**
 * Replays every input kept under test/fixtures/fuzz-regressions (inputs that
 * once failed, and seeds from other libraries' crash reports) through the
 * decoder and handler contracts, and the context readers' inputs through the
 * readers' contract as well.
 */
describe('fuzz: saved regression inputs', () => {
  const regressions = loadRegressions();
  const dispatcher = new ServiceDispatcher({ callTimeoutMs: 500 });
  dispatcher.registerFunction('echo', (...values: never[]) => values);

  it('the regression directory holds inputs', () => {
    assert.ok(regressions.length > 0);
  });

  for (const { name, input } of regressions) {
    it(`${name}: decoders and handler keep their contract`, async () => {
      const stats = new FuzzStats();
      checkDecoders(input, stats);
      await checkHandler(dispatcher, input, stats);
      assert.equal(stats.hangs, 0);
      const format = contextInput.exec(name)?.[1];
      if (format === 'xml' || format === 'yaml') await checkContextReader(input, format, stats);
      assert.equal(stats.crashes, 0);
    });
  }
});
