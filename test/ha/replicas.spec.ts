import assert from 'node:assert/strict';
import { join } from 'node:path';

import { takeReplicasOption } from '../../src/cli/replicas/takeReplicasOption.js';
import { root, runNode } from '../helpers/nodeProcess.js';

describe('spindle run --replicas', () => {
  it('takes --replicas N or --replicas=N out of the run arguments, keeping the rest in order', () => {
    assert.deepEqual(takeReplicasOption(['a.xml', '--replicas', '3', '--set', 'X=1']), {
      count: 3,
      rest: ['a.xml', '--set', 'X=1'],
    });
    assert.deepEqual(takeReplicasOption(['--replicas=2', 'a.xml']), { count: 2, rest: ['a.xml'] });
    assert.deepEqual(takeReplicasOption(['a.xml']), { count: undefined, rest: ['a.xml'] });
    for (const bad of [['--replicas'], ['--replicas', '0'], ['--replicas', 'x'], ['--replicas=1.5']]) {
      assert.throws(() => takeReplicasOption(bad), { code: 'SPINDLE_INVALID_ARGUMENT' }, bad.join(' '));
    }
  });

  it('exits 2 with the usage for a bad count, starting nothing', async () => {
    const context = join(root, 'samples', 'ha-cluster', 'server.xml');
    const result = await runNode([join(root, 'bin', 'spindle.js'), 'run', '--replicas', 'none', context]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--replicas needs a whole number >= 1/);
    assert.doesNotMatch(result.stderr, /replica 0 started/);
  });
});
