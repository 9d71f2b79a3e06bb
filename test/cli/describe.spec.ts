import assert from 'node:assert/strict';

import type { PythonProcess } from '../helpers/pythonProcess.js';
import { startSeedServer } from '../proxy/seedServer.js';
import { runSpindle } from '../helpers/nodeProcess.js';

describe('spindle describe (bin/spindle.js against CPython)', function () {
  this.timeout(30_000);
  let python: PythonProcess;

  before(async () => {
    python = await startSeedServer();
  });
  after(async () => {
    await python.close();
  });

  it('lists every method with its help', async () => {
    const run = await runSpindle(['describe', `http://127.0.0.1:${python.port}/`]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^is_even\(\.\.\.\)\n {4}Return True when n is even\.$/m);
    assert.match(run.stdout, /^examples\.getStateName\(\.\.\.\)$/m);
    assert.match(run.stdout, /^system\.multicall\(\.\.\.\)$/m);
  });

  it('--json gives name, signatures and help per method', async () => {
    const run = await runSpindle(['describe', '--json', `http://127.0.0.1:${python.port}/`]);
    assert.equal(run.code, 0, run.stderr);
    const methods = JSON.parse(run.stdout) as { name: string; signatures: unknown; help: string }[];
    const isEven = methods.find((method) => method.name === 'is_even');
    assert.deepEqual(isEven, { name: 'is_even', signatures: null, help: 'Return True when n is even.' });
    assert.ok(methods.some((method) => method.name === 'today'));
  });

  it('works one call at a time against a server without system.multicall', async () => {
    const run = await runSpindle(['describe', '--json', `http://127.0.0.1:${python.port}/wheel`]);
    assert.equal(run.code, 0, run.stderr);
    const names = (JSON.parse(run.stdout) as { name: string }[]).map((method) => method.name);
    assert.ok(names.includes('spin') && names.includes('spinList'));
    assert.ok(!names.some((name) => name.startsWith('_')));
  });
});
