import assert from 'node:assert/strict';
import { join } from 'node:path';

import { Etcd3 } from 'etcd3';

import { ApplicationContext } from '../../src/builtins/index.js';
import type { EtcdDiscovery } from '../../src/discovery/EtcdDiscovery.js';
import type { EtcdRegistration } from '../../src/discovery/EtcdRegistration.js';
import { root, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';
import { freePortRun, isListening } from '../helpers/ports.js';
import { EtcdServer } from '../helpers/etcd.js';
import { sampleDir } from './harness/Replica.js';
import { figure, waitFor } from './harness/wait.js';

interface Greeter {
  greet(name: string): Promise<string>;
  whoAmI(): Promise<string>;
}

describe('samples/etcd-cluster', function () {
  this.timeout(90_000);
  let etcd: EtcdServer;
  let client: Etcd3;
  const contexts: ApplicationContext[] = [];
  const processes: RunningProcess[] = [];

  before(async () => {
    etcd = await EtcdServer.start();
    client = new Etcd3({ hosts: etcd.endpoint });
  });

  after(async () => {
    client.close();
    await etcd.dispose();
  });

  afterEach(async () => {
    for (const ctx of contexts.splice(0).reverse()) await ctx.close();
    await Promise.all(processes.splice(0).map((p) => p.stop('SIGTERM')));
  });

  for (const [server, pooled] of [
    ['server.xml', 'client.yaml'],
    ['server.yaml', 'client.xml'],
  ] as const) {
    it(`${server} registers, ${pooled} finds it; closing deregisters before the exporter stops`, async () => {
      const settings = { PORT: '0', ETCD: etcd.endpoint, PREFIX: `/sample-${server}`, TTL: '2' };
      const serverCtx = await ApplicationContext.load([join(sampleDir, server)], { settings });
      const registration = serverCtx.get<EtcdRegistration>('registration');
      assert.equal(registration.ttlSeconds, 2);
      const url = registration.record?.url ?? '';
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/Greeter$/);
      const clientCtx = await ApplicationContext.load([join(sampleDir, pooled)], { settings });
      contexts.push(clientCtx);
      const service = clientCtx.get<Greeter>('service');
      assert.match(await service.greet('etcd'), /^Hello, etcd! \(replica 0 \(pid \d+\)\)$/);
      const registry = clientCtx.get<EtcdDiscovery>('registry');
      assert.deepEqual(registry.urls(), [url]);

      const closing = serverCtx.close();
      await waitFor('the pool to drop the replica', () => registry.urls().length === 0, 30_000);
      assert.equal(await isListening(Number(new URL(url).port)), true, 'still serving while pools drop it');
      await closing;
      assert.equal(await isListening(Number(new URL(url).port)), false);
    });
  }

  it('spindle run --replicas 2 registers every replica on its own port; the client never names a URL', async () => {
    const base = await freePortRun(2);
    const prefix = '/sample-replicas';
    const supervisor = startNode([
      join(root, 'bin', 'spindle.js'),
      'run',
      '--replicas',
      '2',
      join(sampleDir, 'server.xml'),
      '--set',
      `PORT=${String(base)}`,
      '--set',
      `ETCD=${etcd.endpoint}`,
      '--set',
      `PREFIX=${prefix}`,
      '--set',
      'TTL=2',
    ]);
    processes.push(supervisor);
    await waitFor(
      'two replicas registered',
      async () => (await client.getAll().prefix(`${prefix}/Greeter/`).keys()).length === 2,
      45_000,
    );
    const keys = (await client.getAll().prefix(`${prefix}/Greeter/`).keys()).sort();
    assert.deepEqual(keys, [
      `${prefix}/Greeter/127.0.0.1:${String(base)}`,
      `${prefix}/Greeter/127.0.0.1:${String(base + 1)}`,
    ]);
    figure('--replicas 2 keys', keys.join(', '));
    // Each replica's ready line counts its registration; the supervisor's follows both.
    await supervisor.waitFor(/^spindle: ready — 2 replicas; stop with Ctrl-C$/m, 45_000);
    for (const replica of [0, 1]) {
      assert.match(
        supervisor.stdout(),
        new RegExp(
          `^\\[replica ${String(replica)}\\] spindle: ready — 1 exporter: http://127\\.0\\.0\\.1:${String(base + replica)}/Greeter; 1 etcd registration \\(3 objects\\); stop with Ctrl-C$`,
          'm',
        ),
      );
    }

    const pooled = startNode(
      [
        '--import',
        'tsx',
        join(sampleDir, 'client.ts'),
        join(sampleDir, 'client.yaml'),
        '--calls',
        '6',
        '--interval',
        '50',
        '--set',
        `ETCD=${etcd.endpoint}`,
        '--set',
        `PREFIX=${prefix}`,
      ],
      { cwd: sampleDir },
    );
    processes.push(pooled);
    await pooled.waitFor(/done: \d+ failed/, 45_000);
    assert.match(pooled.stdout(), /done: 0 failed call\(s\)/, pooled.stderr());
    assert.match(pooled.stdout(), /call 5: Hello, caller 5! \(replica \d/);
    const seen = new Set(pooled.stdout().match(/\(replica \d/g));
    assert.equal(seen.size, 2, `both replicas answered: ${pooled.stdout()}`);

    assert.equal(await supervisor.stop('SIGTERM', 20_000), 0, supervisor.stderr());
    assert.deepEqual(
      await client.getAll().prefix(`${prefix}/Greeter/`).keys(),
      [],
      'graceful stop deregisters',
    );
  });
});
