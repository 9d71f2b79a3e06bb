import assert from 'node:assert/strict';

import { Etcd3 } from 'etcd3';

import { EtcdDiscovery } from '../../src/discovery/EtcdDiscovery.js';
import { HighAvailabilityProxy } from '../../src/ha/HighAvailabilityProxy.js';
import { EtcdServer } from '../helpers/etcd.js';
import { isListening } from '../helpers/ports.js';
import { Load } from './harness/Load.js';
import { RegistryLog } from './harness/RegistryLog.js';
import { Replica } from './harness/Replica.js';
import { TcpGate } from './harness/TcpGate.js';
import { freshPrefix } from './harness/freshPrefix.js';
import { figure, sleep, waitFor } from './harness/wait.js';

const TTL_SECONDS = 2;

describe('etcd discovery with real replicas (membership, churn, outage, compaction)', function () {
  this.timeout(300_000);
  let etcd: EtcdServer;
  let client: Etcd3;
  let prefix: string;
  let registry: RegistryLog;
  let discovery: EtcdDiscovery;
  let pool: HighAvailabilityProxy;
  let replicas: Replica[];
  /** URL → Date.now() of each pool membership event. */
  let joinedAt: Map<string, number>;
  let leftAt: Map<string, number>;

  before(async () => {
    etcd = await EtcdServer.start();
    client = new Etcd3({ hosts: etcd.endpoint });
  });

  after(async () => {
    client.close();
    await etcd.dispose();
  });

  beforeEach(async () => {
    if (!etcd.running) await etcd.restart();
    prefix = freshPrefix('spindle-scenario');
    registry = new RegistryLog(client, `${prefix}/Greeter/`);
    await registry.start();
    replicas = [];
    joinedAt = new Map();
    leftAt = new Map();
  });

  afterEach(async () => {
    await Promise.all(replicas.map((r) => r.stop('SIGKILL')));
    await pool.close();
    await registry.stop();
  });

  async function startPool(options: { endpoint?: string; maxReconnectDelayMs?: number } = {}): Promise<void> {
    discovery = new EtcdDiscovery({
      serviceName: 'Greeter',
      endpoints: [options.endpoint ?? etcd.endpoint],
      prefix,
      ...(options.maxReconnectDelayMs === undefined
        ? {}
        : { maxReconnectDelayMs: options.maxReconnectDelayMs }),
    });
    discovery.on('memberAdded', (url) => joinedAt.set(url, Date.now()));
    discovery.on('memberRemoved', (url) => leftAt.set(url, Date.now()));
    pool = new HighAvailabilityProxy({
      name: 'Greeter',
      discovery,
      idempotent: ['greet', 'whoAmI'],
      timeoutMs: 30_000, // a deadline for a stalled machine, never met by a healthy call
      backoff: { initialMs: 500, maxMs: 2000 },
    });
    await pool.ready();
  }

  async function startReplica(): Promise<Replica> {
    const replica = await Replica.start({ etcd: etcd.endpoint, prefix, ttlSeconds: TTL_SECONDS });
    replicas.push(replica);
    return replica;
  }

  /** The URLs the pool holds now, sorted. */
  function poolView(): string[] {
    return pool
      .stats()
      .map((s) => s.description)
      .sort();
  }

  it('membership: joins through the watch once registered; SIGKILL leaves by lease expiry; SIGTERM leaves before it stops accepting, and no call fails', async () => {
    await startPool();
    const a = await startReplica();
    const b = await startReplica();
    await waitFor('two members', () => poolView().length === 2);

    // Joining.
    const startingC = Date.now();
    const c = await startReplica();
    await waitFor('c in the pool', () => joinedAt.has(c.url));
    const put = registry.find('put', c.url);
    assert.ok(put !== undefined, 'the registry saw c register');
    const joinLag = (joinedAt.get(c.url) ?? 0) - put.at;
    figure('registration -> in the pool', `${String(joinLag)} ms`);
    // Behaviour, not speed: c joined through the watch, once it was started. (Not compared with
    // the registry log's own watch: two watch streams may deliver the same put in either order.)
    assert.ok((joinedAt.get(c.url) ?? 0) >= startingC, 'c joined only after it was started');

    // SIGKILL: only the lease's expiry tells.
    const killedAt = Date.now();
    await b.stop('SIGKILL');
    await waitFor('b out of the pool', () => leftAt.has(b.url), 60_000);
    const killLag = (leftAt.get(b.url) ?? 0) - killedAt;
    figure(`SIGKILL -> out of the pool (TTL ${String(TTL_SECONDS)} s)`, `${String(killLag)} ms`);
    // Only the lease's expiry can tell of a SIGKILL: the registry saw b's key go by itself.
    await waitFor('b deleted in etcd', () => registry.find('delete', b.url) !== undefined, 60_000);

    // SIGTERM under load: revoke, then drain, then stop accepting.
    await waitFor('a and c healthy', () => pool.stats().every((s) => s.state === 'healthy'));
    let n = 0;
    const load = new Load(4, (i) =>
      i % 2 === 0 ? pool.invoke('greet', [`n${String(n++)}`]) : pool.invoke('record', ['note']),
    );
    await sleep(500);
    const port = Number(new URL(c.url).port);
    let refusedAt = 0;
    const prober = (async () => {
      for (let i = 0; i < 3000 && refusedAt === 0; i++) {
        if (!(await isListening(port))) refusedAt = Date.now();
        else await sleep(5);
      }
    })();
    const termAt = Date.now();
    assert.equal(await c.stop('SIGTERM'), 0, c.process.stderr());
    await prober;
    await sleep(300);
    const result = await load.stop();
    const removed = leftAt.get(c.url) ?? Infinity;
    figure('SIGTERM -> out of the pool', `${String(removed - termAt)} ms`);
    figure('out of the pool -> stops accepting', `${String(refusedAt - removed)} ms`);
    figure(
      'calls during SIGTERM (greet + record)',
      `${String(result.calls)} calls, ${String(result.failed)} failed`,
    );
    assert.ok(removed < refusedAt, 'the pool dropped c before it stopped accepting');
    assert.equal(result.failed, 0, result.errors.join('\n'));
    assert.deepEqual(poolView(), [a.url]);
  });

  it('churn: a replica added or removed every 2 s while calls run: 0 failed idempotent calls, view = registry after each change', async () => {
    await startPool();
    for (let i = 0; i < 3; i++) await startReplica();
    await waitFor('three members', () => poolView().length === 3, 15_000);
    const load = new Load(4, (i) => pool.invoke('greet', [`c${String(i)}`]));
    const steps = ['add', 'term', 'add', 'kill', 'add', 'term'] as const;
    const lags: number[] = [];
    for (const step of steps) {
      const stepStarted = Date.now();
      if (step === 'add') {
        const replica = await startReplica();
        await waitFor('registered', () => registry.find('put', replica.url) !== undefined);
        await waitFor('joined', () => joinedAt.has(replica.url), 30_000);
        lags.push((joinedAt.get(replica.url) ?? 0) - (registry.find('put', replica.url)?.at ?? 0));
      } else {
        const victim = replicas.find((r) => r.running && poolView().includes(r.url));
        assert.ok(victim !== undefined);
        await victim.stop(step === 'kill' ? 'SIGKILL' : 'SIGTERM');
        await waitFor('deregistered', () => registry.find('delete', victim.url) !== undefined, 60_000);
        await waitFor('left', () => leftAt.has(victim.url), 30_000);
        lags.push((leftAt.get(victim.url) ?? 0) - (registry.find('delete', victim.url)?.at ?? 0));
      }
      await waitFor('view = registry', () => poolView().join() === registry.urls().join(), 30_000);
      await sleep(Math.max(0, 2000 - (Date.now() - stepStarted)));
    }
    const result = await load.stop();
    figure('churn: registry change -> pool view, per change', `${lags.map(String).join(', ')} ms`);
    figure('churn: idempotent calls', `${String(result.calls)} calls, ${String(result.failed)} failed`);
    // How fast is a figure (above); the behaviour is that the view followed every change.
    assert.equal(lags.length, steps.length);
    assert.equal(result.failed, 0, result.errors.join('\n'));
    assert.deepEqual(poolView(), registry.urls());
  });

  it('etcd outage longer than the TTL under load: calls keep succeeding; replicas re-register and the view converges', async () => {
    await startPool();
    for (let i = 0; i < 3; i++) await startReplica();
    await waitFor('three members', () => poolView().length === 3, 15_000);
    const leasesBefore = new Map(discovery.members().map((m) => [m.url, m.leaseId]));
    const load = new Load(4, (i) => pool.invoke('greet', [`o${String(i)}`]));
    await sleep(300);
    const outageMs = 2 * TTL_SECONDS * 1000 + 1500;
    await etcd.stop();
    const stoppedAt = Date.now();
    await sleep(outageMs);
    const duringOutage = { ...load.result };
    assert.deepEqual(poolView(), replicas.map((r) => r.url).sort(), 'the pool keeps its last known members');
    await etcd.restart();
    const backAt = Date.now();
    const converged = await waitFor(
      'every replica registered under a new lease, and the view in step',
      async () => {
        const kvs = (await client.getAll().prefix(`${prefix}/Greeter/`).exec()).kvs;
        const leases = new Map(kvs.map((kv) => [JSON.parse(kv.value.toString()).url as string, kv.lease]));
        const fresh = replicas.every(
          (r) => leases.has(r.url) && leases.get(r.url) !== leasesBefore.get(r.url),
        );
        const view = discovery.members().every((m) => leases.get(m.url) === m.leaseId);
        return fresh && view && discovery.members().length === 3 && poolView().length === 3;
      },
      60_000,
    );
    await sleep(300);
    const result = await load.stop();
    figure(
      `etcd down ${String(backAt - stoppedAt)} ms (TTL ${String(TTL_SECONDS)} s): calls during the outage`,
      `${String(duringOutage.calls)} calls, ${String(duringOutage.failed)} failed`,
    );
    figure('etcd back -> replicas re-registered and view converged', `${String(converged)} ms`);
    figure('whole run', `${String(result.calls)} calls, ${String(result.failed)} failed`);
    assert.equal(result.failed, 0, result.errors.join('\n'));
    assert.deepEqual(poolView(), replicas.map((r) => r.url).sort());
  });

  it('compaction: watcher cut off, keys changed, history compacted, reconnected: the view converges by a full re-read', async () => {
    const gate = new TcpGate(etcd.clientPort);
    await gate.open();
    try {
      const directory = `${prefix}/Greeter/`;
      const record = (port: number): string =>
        JSON.stringify({
          url: `http://127.0.0.1:${String(port)}/Greeter`,
          serviceName: 'Greeter',
          methods: ['greet'],
          idempotent: ['greet'],
          tls: false,
        });
      await client.put(`${directory}one`).value(record(1001));
      await client.put(`${directory}two`).value(record(1002));
      await startPool({ endpoint: gate.endpoint, maxReconnectDelayMs: 300 });
      assert.equal(poolView().length, 2);
      const resyncs: string[] = [];
      discovery.on('resynced', (reason) => resyncs.push(reason));
      const disconnected = new Promise<void>((resolve) =>
        discovery.once('disconnected', () => {
          resolve();
        }),
      );
      await gate.cut();
      await disconnected;
      await client.delete().key(`${directory}one`);
      await client.put(`${directory}three`).value(record(1003));
      await client.put(`${directory}four`).value(record(1004));
      await client.put(`${directory}two`).value(record(1022));
      const revision = (await client.get(`${directory}two`).exec()).header.revision;
      await client.kv.compact({ revision, physical: true });
      const expected = [1022, 1003, 1004].map((p) => `http://127.0.0.1:${String(p)}/Greeter`).sort();
      await gate.open();
      const converged = await waitFor(
        'the view converged',
        () => poolView().join() === expected.join(),
        30_000,
      );
      figure('reconnected after compaction -> view converged (full re-read)', `${String(converged)} ms`);
      // etcd cancels the resumed watch (its revision is gone); the discovery reads the prefix and watches anew.
      await waitFor(
        'a full re-read after the compacted watch',
        () => resyncs.some((reason) => /cancelled/i.test(reason)),
        30_000,
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}; re-reads: ${resyncs.join('; ')}`);
      });
      figure('full re-reads after reconnecting', resyncs.join('; '));
      assert.deepEqual(discovery.urls(), expected);
      // The new watch works: a later registration still arrives.
      await client.put(`${directory}five`).value(record(1005));
      await waitFor('a registration after the re-read', () => poolView().length === 4, 30_000);
    } finally {
      await pool.close();
      await gate.cut();
    }
  });
});
