import assert from 'node:assert/strict';

import { ServiceDispatcher } from '../../src/transport/server/index.js';
import { checkDecoders, checkHandler, FuzzStats, loadRegressions } from './fuzzContract.js';

/**
 * Replays every input kept under test/fixtures/fuzz-regressions (inputs that
 * once failed, and seeds from other libraries' crash reports) through the
 * decoder and handler contracts.
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
    });
  }
});
