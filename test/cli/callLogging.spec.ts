import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { root, runSpindle, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';
import { closedPort, freePort } from '../helpers/ports.js';

const serverXml = `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="calc" class="./service.js#Calculator"/>
  <object id="exporter" class="XmlRpcServiceExporter">
    <property name="service" ref="calc"/>
    <property name="serviceName" value="Calc"/>
    <property name="servicePort" value="\${PORT}"/>
  </object>
</objects>
`;

/** The JSON log lines of a stream (every line must be one). */
function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('spindle call / describe --log-level', function () {
  this.timeout(30_000);
  let dir: string;
  let server: RunningProcess;
  let url: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-call-log-'));
    writeFileSync(join(dir, 'service.js'), 'export class Calculator { add(a, b) { return a + b; } }\n');
    writeFileSync(join(dir, 'server.xml'), serverXml);
    const port = await freePort();
    server = startNode(
      [
        join(root, 'bin', 'spindle.js'),
        'run',
        'server.xml',
        '--set',
        `PORT=${String(port)}`,
        '--log-level',
        'debug',
      ],
      { cwd: dir, env: { NO_COLOR: '1' } },
    );
    await server.waitFor(/^spindle: ready/m);
    url = `http://127.0.0.1:${String(port)}/Calc`;
  });
  after(async () => {
    await server.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('--log-level debug logs the call with its request id on stderr; stdout keeps only the result', async () => {
    const run = await runSpindle(['call', '--log-level', 'debug', url, 'add', '2', '3']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '5\n');
    const [line, ...others] = jsonLines(run.stderr);
    assert.deepEqual(others, []);
    assert.equal(line?.['level'], 'debug');
    assert.equal(line['msg'], 'call');
    assert.equal(line['method'], 'add');
    assert.equal(line['outcome'], 'result');
    assert.equal(line['service'], url);
    const requestId = line['requestId'];
    assert.equal(typeof requestId, 'string');
    // The id travelled as X-Request-Id: the server's line about the same call carries it.
    const served = jsonLines(server.stderr()).filter((entry) => entry['msg'] === 'call served');
    assert.deepEqual(
      served.filter((entry) => entry['requestId'] === requestId).map((entry) => entry['method']),
      ['add'],
    );
  });

  it('follows run: info logs faults, warn failed calls, silent nothing; secrets stay out; pretty on request', async () => {
    const fault = await runSpindle(['call', '--log-level=info', url, 'nope']);
    assert.equal(fault.code, 1);
    const [faultLine] = jsonLines(fault.stderr.split('faultCode:')[0] ?? '');
    assert.equal(faultLine?.['level'], 'info');
    assert.equal(faultLine['outcome'], 'fault');
    assert.equal(faultLine['faultCode'], -32601);

    const quiet = await runSpindle(['call', '--log-level', 'warn', url, 'add', '1', '1']);
    assert.equal(quiet.stderr, '');
    assert.equal(quiet.stdout, '2\n');

    const refusedUrl = `http://alice:s3cret@127.0.0.1:${String(await closedPort())}/Calc`;
    const refused = await runSpindle(['call', '--log-level', 'warn', refusedUrl, 'add', '1', '1']);
    assert.equal(refused.code, 1);
    const [warnLine, report] = refused.stderr.split('\n');
    assert.equal((JSON.parse(warnLine ?? '') as Record<string, unknown>)['msg'], 'call failed');
    assert.match(report ?? '', /^spindle call: SPINDLE_CLIENT_CONNECT_FAILED: .*\(outcome: not-executed\)$/);
    assert.doesNotMatch(refused.stderr, /s3cret/);

    const silent = await runSpindle(['call', '--log-level', 'silent', refusedUrl, 'add', '1', '1']);
    assert.match(silent.stderr, /^spindle call: SPINDLE_CLIENT_CONNECT_FAILED: /);

    const pretty = await runSpindle([
      'call',
      '--log-level',
      'debug',
      '--log-format',
      'pretty',
      url,
      'add',
      '4',
      '5',
    ]);
    assert.equal(pretty.stdout, '9\n');
    assert.match(
      pretty.stderr,
      /^\S+ DEBUG call \(side=client, .*method=add, .*requestId=\S+, outcome=result/,
    );
  });

  it('describe --log-level debug logs each introspection call', async () => {
    const run = await runSpindle(['describe', '--json', '--log-level', 'debug', url]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(Array.isArray(JSON.parse(run.stdout)));
    const methods = jsonLines(run.stderr).map((line) => line['method']);
    assert.deepEqual(methods, ['system.listMethods', 'system.multicall']);
  });

  it('a bad --log-level or --log-format is a usage error (exit 2)', async () => {
    for (const args of [['--log-level', 'loud'], ['--log-format', 'xml'], ['--log-level']]) {
      const run = await runSpindle(['call', ...args, url, 'add', '1', '2']);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        /^spindle call: --log-(level|format) .*\n\nUsage: spindle call /,
        args.join(' '),
      );
    }
  });
});
