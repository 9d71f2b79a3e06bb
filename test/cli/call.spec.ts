import assert from 'node:assert/strict';

import type { PythonProcess } from '../helpers/pythonProcess.js';
import { LOGO, startSeedServer } from '../proxy/seedServer.js';
import { closedPort } from '../helpers/ports.js';
import { runSpindle } from '../helpers/nodeProcess.js';

describe('spindle call (bin/spindle.js against CPython)', function () {
  this.timeout(30_000);
  let python: PythonProcess;
  let url: string;

  before(async () => {
    python = await startSeedServer();
    url = `http://127.0.0.1:${python.port}/`;
  });
  after(async () => {
    await python.close();
  });

  it('prints the result as JSON and exits 0', async () => {
    const run = await runSpindle(['call', url, 'is_even', '100']);
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    assert.equal(run.stdout, 'true\n');
    const state = await runSpindle(['call', url, 'examples.getStateName', 'int:41']);
    assert.equal(state.stdout, '"South Dakota"\n');
  });

  it('prints base64 and dateTime results in their documented JSON forms', async () => {
    const logo = await runSpindle(['call', '--json', url, 'python_logo']);
    assert.equal(logo.code, 0);
    assert.deepEqual(JSON.parse(logo.stdout), { $base64: LOGO.toString('base64') });
    const today = await runSpindle(['call', '--json', url, 'today']);
    assert.match((JSON.parse(today.stdout) as { $dateTime: string }).$dateTime, /^\d{8}T\d\d:\d\d:\d\d$/);
  });

  it('sends JSON and typed arguments with the XML-RPC types they name', async () => {
    const run = await runSpindle([
      'call',
      '--json',
      url,
      'echo_types',
      '"text"',
      '42',
      '{"a":1}',
      'int:5',
      'i8:9007199254740993',
      'double:2',
      'base64:aGk=',
      'date:2026-01-02T03:04:05',
      'nil',
      'string:plain words',
      'true',
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [
      ['str', 'text'],
      ['int', '42'],
      ['dict', "{'a': 1}"],
      ['int', '5'],
      ['int', '9007199254740993'],
      ['float', '2.0'],
      ['Binary', 'aGk='],
      ['DateTime', '20260102T03:04:05'],
      ['NoneType', 'None'],
      ['str', 'plain words'],
      ['bool', 'True'],
    ]);
  });

  it('reads the arguments as a JSON array from stdin with -', async () => {
    const run = await runSpindle(['call', '--json', url, 'echo_types', '-'], '["a", 2, {"$base64": "aGk="}]');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), [
      ['str', 'a'],
      ['int', '2'],
      ['Binary', 'aGk='],
    ]);
  });

  it('a fault prints faultCode and faultString and exits 1 (JSON with --json)', async () => {
    const run = await runSpindle(['call', url, 'add', '2', '5']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^faultCode: 1\nfaultString: .*complex/);
    const json = await runSpindle(['call', '--json', url, 'add', '2', '5']);
    assert.equal(json.code, 1);
    const fault = JSON.parse(json.stdout) as { faultCode: number; faultString: string };
    assert.equal(fault.faultCode, 1);
    assert.match(fault.faultString, /complex/);
  });

  it('a refused connection exits 1 naming the code and outcome', async () => {
    const port = await closedPort();
    const run = await runSpindle(['call', `http://127.0.0.1:${port}/`, 'is_even', '1']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /SPINDLE_CLIENT_CONNECT_FAILED.*outcome: not-executed/);
  });

  it('usage errors exit 2: missing method, a bare word argument, an integer beyond 2^53', async () => {
    const missing = await runSpindle(['call', url]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Usage: spindle call/);
    const bare = await runSpindle(['call', url, 'is_even', 'hello']);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /argument 1 is neither JSON nor a typed form/);
    const big = await runSpindle(['call', url, 'is_even', '9007199254740993']);
    assert.equal(big.code, 2);
    assert.match(big.stderr, /i8:9007199254740993/);
  });

  it('--help prints the usage with the typed forms', async () => {
    const run = await runSpindle(['call', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /i8:9007199254740993/);
  });
});
