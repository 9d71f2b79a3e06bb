import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SpindleError } from '../../src/common/SpindleError.js';
import { parseListenAddress } from '../../src/observability/parseListenAddress.js';
import { takeObservabilityOptions } from '../../src/observability/takeObservabilityOptions.js';
import { runNode } from '../helpers/nodeProcess.js';
import { spindleBin, writeServerContext } from './helpers.js';

describe('observability: spindle run options', function () {
  this.timeout(60_000);

  it('reads host:port, [v6]:port and a bare port (on loopback)', () => {
    assert.deepEqual(parseListenAddress('0.0.0.0:9464', '--metrics'), { host: '0.0.0.0', port: 9464 });
    assert.deepEqual(parseListenAddress('[::1]:0', '--metrics'), { host: '::1', port: 0 });
    assert.deepEqual(parseListenAddress('9464', '--status'), { host: '127.0.0.1', port: 9464 });
    for (const bad of ['localhost', ':x', '1.2.3.4:70000', '']) {
      assert.throws(
        () => parseListenAddress(bad, '--status'),
        (error: unknown) => SpindleError.is(error) && /--status expects host:port/.test(error.message),
      );
    }
  });

  it('takes --metrics, --status and --log-format out of the arguments, in either spelling', () => {
    const taken = takeObservabilityOptions([
      'a.xml',
      '--metrics',
      '127.0.0.1:1',
      '--profile',
      'p',
      '--status=2',
      '--log-format=json',
    ]);
    assert.deepEqual(taken.rest, ['a.xml', '--profile', 'p']);
    assert.deepEqual(taken.metrics, { host: '127.0.0.1', port: 1 });
    assert.deepEqual(taken.status, { host: '127.0.0.1', port: 2 });
    assert.equal(taken.logFormat, 'json');
    assert.throws(() => takeObservabilityOptions(['--log-format', 'xml']), /json or pretty/);
    assert.throws(() => takeObservabilityOptions(['a.xml', '--metrics']), /--metrics needs a value/);
  });

  it('exits 2 for a bad address or replica addresses that overlap, and 1 when the port is taken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spindle-obs-opt-'));
    const busy: Server = createServer();
    try {
      const context = writeServerContext(dir);
      const bad = await runNode([spindleBin, 'run', context, '--metrics', 'nowhere']);
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--metrics expects host:port/);
      const replicas = await runNode([
        spindleBin,
        'run',
        context,
        '--replicas',
        '2',
        '--metrics',
        '127.0.0.1:20001',
        '--status',
        '127.0.0.1:20002',
      ]);
      assert.equal(replicas.code, 2);
      assert.match(
        replicas.stderr,
        /overlap with --replicas 2: replica 1 would serve metrics on 127\.0\.0\.1:20002/,
      );
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      const address = busy.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      const taken = await runNode([spindleBin, 'run', context, '--status', `127.0.0.1:${String(port)}`]);
      assert.equal(taken.code, 1);
      assert.match(taken.stderr, /cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
    } finally {
      await new Promise<void>((resolve) => {
        busy.close(() => {
          resolve();
        });
      });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
