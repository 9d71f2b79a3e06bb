import assert from 'node:assert/strict';
import { join } from 'node:path';

import { ApplicationContext } from '../../src/builtins/index.js';
import { HighAvailabilityProxy } from '../../src/ha/index.js';
import { invokerOf } from '../../src/proxy/createProxy.js';
import { root, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';
import { freePort, freePortRun, isListening } from '../helpers/ports.js';
import { sleep, waitFor } from './harness/Cluster.js';

const sample = join(root, 'samples', 'ha-cluster');

interface ClusterService {
  getData(param: string): Promise<string>;
  whoAmI(): Promise<string>;
}

/** The pool behind a context's `service`. */
function poolOf(service: object): HighAvailabilityProxy {
  const invoker = invokerOf(service);
  assert.ok(invoker instanceof HighAvailabilityProxy);
  return invoker;
}

describe('samples/ha-cluster', function () {
  this.timeout(60_000);
  const contexts: ApplicationContext[] = [];
  let supervisor: RunningProcess | undefined;

  afterEach(async () => {
    await Promise.all(
      contexts
        .splice(0)
        .reverse()
        .map((ctx) => ctx.close()),
    );
    await supervisor?.stop('SIGTERM');
    supervisor = undefined;
  });

  for (const format of ['xml', 'yaml']) {
    it(`${format}: ten exporters on one port and a pooled client that spreads over all ten`, async () => {
      const settings = { PORT: String(await freePort()) };
      contexts.push(await ApplicationContext.load([join(sample, `server.${format}`)], { settings }));
      const client = await ApplicationContext.load([join(sample, `client.${format}`)], { settings });
      contexts.push(client);
      const service = client.get<ClusterService>('service');
      for (let i = 0; i < 20; i++)
        assert.equal(await service.getData(`Hello ${i}`), `You got remote data => Hello ${i}`);
      const stats = poolOf(service).stats();
      assert.equal(stats.length, 10);
      assert.deepEqual(
        stats.map((s) => [new URL(s.description).pathname, s.successes]),
        Array.from({ length: 10 }, (_, i) => [`/ServiceName${i}`, 2]),
      );
    });
  }

  it('spindle run --replicas 3: the pooled client keeps going while a replica is killed and restarted', async () => {
    const base = await freePortRun(3);
    supervisor = startNode(
      [
        join(root, 'bin', 'spindle.js'),
        'run',
        '--replicas',
        '3',
        join(sample, 'server.xml'),
        '--set',
        `PORT=${base}`,
      ],
      {},
    );
    const running = supervisor;
    await waitFor(
      'three replicas serving',
      () => (running.stdout().match(/'exporter9' serving/g) ?? []).length === 3,
      30_000,
    );
    const settings = { PORT0: String(base), PORT1: String(base + 1), PORT2: String(base + 2) };
    const client = await ApplicationContext.load([join(sample, 'client.xml')], {
      settings,
      profiles: ['replicas'],
    });
    contexts.push(client);
    const service = client.get<ClusterService>('service');
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add((await service.whoAmI()).replace(/ \(pid.*/, ''));
    assert.deepEqual([...seen].sort(), ['replica 0', 'replica 1', 'replica 2']);

    const victim = /replica 1 started \(pid (\d+)\)/.exec(running.stderr())?.[1];
    assert.ok(victim !== undefined, running.stderr());
    process.kill(Number(victim), 'SIGKILL');
    let failed = 0;
    for (let i = 0; i < 30; i++) {
      await service.getData(`during ${i}`).catch(() => (failed += 1));
      await sleep(20);
    }
    assert.equal(failed, 0, 'getData is idempotent: calls lost on the dead replica went to another');
    await waitFor('restart', () => (running.stderr().match(/replica 1 started/g) ?? []).length === 2, 20_000);
    await waitFor('re-admission', () => poolOf(service).stats()[1]?.state === 'healthy', 20_000);

    assert.equal(await running.stop('SIGTERM'), 0);
    supervisor = undefined;
    assert.match(running.stderr(), /all replicas stopped/);
    for (let i = 0; i < 3; i++) assert.equal(await isListening(base + i), false, `replica ${i} is gone`);
  });
});
