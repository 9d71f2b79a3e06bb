import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { replicaObservabilityArgs } from '../../src/cli/replicas/replicaObservabilityArgs.js';
import { ContextUsageError } from '../../src/cli/contextArguments.js';
import { createProxy } from '../../src/proxy/createProxy.js';
import { root, runNode, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';
import { freePortRun, isListening } from '../helpers/ports.js';

const spindle = join(root, 'bin', 'spindle.js');

const serverXml = `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="calc" class="./service.js#Calculator"/>
  <object id="exporter" class="XmlRpcServiceExporter">
    <property name="service" ref="calc"/>
    <property name="serviceName" value="Calc"/>
    <property name="servicePort" value="\${PORT}"/>
  </object>
</objects>
`;

interface Calculator {
  add(a: number, b: number): Promise<number>;
}

/** The value of one sample line of Prometheus text, or undefined when absent. */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

/** The process ids the supervisor reported starting, to clean up if it dies without stopping them. */
function replicaPids(supervisor: RunningProcess): number[] {
  return [...supervisor.stderr().matchAll(/replica \d+ started \(pid (\d+)\)/g)].map((match) =>
    Number(match[1]),
  );
}

describe('spindle run --replicas with --metrics and --status', function () {
  this.timeout(60_000);
  let dir: string;
  let supervisor: RunningProcess | undefined;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-replicas-obs-'));
    writeFileSync(join(dir, 'service.js'), 'export class Calculator { add(a, b) { return a + b; } }\n');
    writeFileSync(join(dir, 'server.xml'), serverXml);
  });
  afterEach(async () => {
    if (supervisor !== undefined) {
      const pids = replicaPids(supervisor);
      await supervisor.stop('SIGTERM', 15_000);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone, as it should be
        }
      }
    }
    supervisor = undefined;
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('replica i serves metrics on the metrics port + i and its status page on the status port + i', async () => {
    // Six consecutive free ports: two for the services, two for metrics, two for status pages.
    const base = await freePortRun(6);
    const [service, metrics, status] = [base, base + 2, base + 4];
    supervisor = startNode(
      [
        spindle,
        'run',
        '--replicas',
        '2',
        'server.xml',
        '--set',
        `PORT=${String(service)}`,
        '--metrics',
        `127.0.0.1:${String(metrics)}`,
        '--status',
        `127.0.0.1:${String(status)}`,
      ],
      { cwd: dir },
    );
    await supervisor.waitFor(/^spindle: ready — 2 replicas/m);
    for (const replica of [0, 1]) {
      const out = supervisor.stdout();
      assert.match(
        out,
        new RegExp(
          `\\[replica ${String(replica)}\\] spindle: metrics at http://127\\.0\\.0\\.1:${String(metrics + replica)}/metrics\\n`,
        ),
      );
      assert.match(
        out,
        new RegExp(
          `\\[replica ${String(replica)}\\] spindle: status page at http://127\\.0\\.0\\.1:${String(status + replica)}/\\n`,
        ),
      );
      assert.match(
        out,
        new RegExp(
          `\\[replica ${String(replica)}\\] spindle: 'exporter' serving http://127\\.0\\.0\\.1:${String(service + replica)}/Calc`,
        ),
      );
    }

    // One call to replica 0, three to replica 1: each replica's metrics count only its own.
    const calls = [1, 3];
    for (const [replica, count] of calls.entries()) {
      const calc = createProxy<Calculator>(`http://127.0.0.1:${String(service + replica)}/Calc`);
      for (let i = 0; i < count; i++) assert.equal(await calc.add(i, 2), i + 2);
    }
    for (const [replica, count] of calls.entries()) {
      const response = await fetch(`http://127.0.0.1:${String(metrics + replica)}/metrics`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
      const text = await response.text();
      assert.equal(sample(text, 'spindle_server_calls_total{service="Calc",method="add"}'), count, text);

      const page = await fetch(`http://127.0.0.1:${String(status + replica)}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /<html/i);
      const snapshot = (await (
        await fetch(`http://127.0.0.1:${String(status + replica)}/status.json`)
      ).json()) as {
        exporters: { id: string; url: string; calls: number }[];
      };
      assert.deepEqual(
        snapshot.exporters.map(({ id, url, calls: served }) => ({ id, url, calls: served })),
        [{ id: 'exporter', url: `http://127.0.0.1:${String(service + replica)}/Calc`, calls: count }],
      );
    }

    assert.equal(await supervisor.stop('SIGTERM', 15_000), 0);
    assert.match(supervisor.stderr(), /spindle: all replicas stopped/);
    for (const port of [service, metrics, status]) {
      for (const replica of [0, 1])
        assert.equal(await isListening(port + replica), false, String(port + replica));
    }
  });

  it("exits 2 before starting anything when a replica would take another replica's port", async () => {
    const overlapping = await runNode(
      [
        spindle,
        'run',
        '--replicas',
        '3',
        'server.xml',
        '--set',
        'PORT=0',
        '--metrics',
        '127.0.0.1:20100',
        '--status',
        '127.0.0.1:20102',
      ],
      { cwd: dir },
    );
    assert.equal(overlapping.code, 2);
    assert.equal(overlapping.stdout, '');
    assert.match(
      overlapping.stderr,
      /^spindle run: --metrics 127\.0\.0\.1:20100 and --status 127\.0\.0\.1:20102 overlap with --replicas 3: replica 2 would serve metrics on 127\.0\.0\.1:20102, replica 0's status page; give both the same address or ports at least 3 apart\n\nUsage: spindle run /,
    );
    assert.doesNotMatch(overlapping.stderr, /replica 0 started/);

    const tooHigh = await runNode(
      [spindle, 'run', '--replicas', '2', 'server.xml', '--set', 'PORT=0', '--status', '65535'],
      { cwd: dir },
    );
    assert.equal(tooHigh.code, 2);
    assert.match(tooHigh.stderr, /--status 127\.0\.0\.1:65535 with --replicas 2 needs ports up to 65536/);
  });

  it('gives each replica its own address: port + i, port 0 kept, IPv6 bracketed, one shared address kept shared', () => {
    const args = replicaObservabilityArgs(3, {
      metrics: { host: '::1', port: 9464 },
      status: { host: '127.0.0.1', port: 0 },
    });
    assert.deepEqual(args(0), ['--metrics', '[::1]:9464', '--status', '127.0.0.1:0']);
    assert.deepEqual(args(2), ['--metrics', '[::1]:9466', '--status', '127.0.0.1:0']);
    const shared = replicaObservabilityArgs(2, {
      metrics: { host: '127.0.0.1', port: 9000 },
      status: { host: '127.0.0.1', port: 9000 },
    });
    assert.deepEqual(shared(1), ['--metrics', '127.0.0.1:9001', '--status', '127.0.0.1:9001']);
    assert.deepEqual(replicaObservabilityArgs(4, { metrics: undefined, status: undefined })(3), []);
    // A wildcard host meets every host on the same port; different hosts ports apart do not clash.
    assert.throws(
      () =>
        replicaObservabilityArgs(2, {
          metrics: { host: '0.0.0.0', port: 9001 },
          status: { host: '127.0.0.1', port: 9000 },
        }),
      (error: unknown) =>
        error instanceof ContextUsageError &&
        /replica 1 would serve its status page on 127\.0\.0\.1:9001, replica 0's metrics/.test(error.message),
    );
    assert.doesNotThrow(() =>
      replicaObservabilityArgs(2, {
        metrics: { host: '127.0.0.1', port: 9000 },
        status: { host: '127.0.0.1', port: 9002 },
      }),
    );
  });
});
