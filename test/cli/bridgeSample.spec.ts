import assert from 'node:assert/strict';
import { join } from 'node:path';

import { root, runNode } from '../helpers/nodeProcess.js';

describe('samples/planetlab-ssh (Node Manager over ssh, through a real sshd)', function () {
  this.timeout(90_000);

  it('redeems a ticket through the ssh:// proxy and through dumps | ssh | loads, with one command', async () => {
    const result = await runNode(['--import', 'tsx', join('samples', 'planetlab-ssh', 'demo.ts')], {
      cwd: root,
      timeoutMs: 80_000,
    });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n').slice(1);
    assert.deepEqual(lines, [
      'Ticket -> 1',
      'GetXIDs -> {"princeton_mycontroller":510,"princetondsl_solteszdelegated":511}',
      'GetRSpec -> {"cpu_share":4}',
      "GetRSpec('nobody') -> fault 103: no sliver for slice 'nobody' on this node",
      'Ticket (dumps piped through ssh, reply read with loads) -> 1',
    ]);
  });
});
