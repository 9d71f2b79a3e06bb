import assert from 'node:assert/strict';

import { recordFigures } from '../adversarial/recordFigures.js';
import { arbitraryInput, mutated, validCall, validResponse } from './arbitraries.js';
import { checkDecoders, fuzz, FuzzStats, runs } from './fuzzContract.js';

describe('fuzz: the decoder (decodeCall, decodeResponse)', function () {
  this.timeout(120_000);
  const stats = new FuzzStats();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  before(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  after(() => {
    process.off('unhandledRejection', onUnhandled);
    recordFigures('fuzz-decoder', stats.figures());
  });

  it('arbitrary bytes and text: a value or a typed CodecError, never a crash or a hang', async () => {
    await fuzz('decoder-bytes', arbitraryInput, runs(25_000), (input) => {
      checkDecoders(input, stats);
    });
  });

  it('mutated valid calls: a value or a typed CodecError', async () => {
    await fuzz('decoder-call', mutated(validCall), runs(25_000), (input) => {
      checkDecoders(input, stats);
    });
  });

  it('mutated valid responses: a value, a Fault or a typed CodecError', async () => {
    await fuzz('decoder-response', mutated(validResponse), runs(15_000), (input) => {
      checkDecoders(input, stats);
    });
  });

  it('no unhandled rejection, no hang', () => {
    assert.deepEqual(unhandled, []);
    assert.equal(stats.hangs, 0);
    assert.equal(stats.crashes, 0);
  });
});
