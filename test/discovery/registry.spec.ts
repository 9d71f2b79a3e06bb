import assert from 'node:assert/strict';

import { Etcd3 } from 'etcd3';

import { SpindleError } from '../../src/common/SpindleError.js';
import { EtcdDiscovery } from '../../src/discovery/EtcdDiscovery.js';
import { EtcdRegistration } from '../../src/discovery/EtcdRegistration.js';
import type { RegistrationRecord } from '../../src/discovery/RegistrationRecord.js';
import { XmlRpcServiceExporter } from '../../src/exporter/XmlRpcServiceExporter.js';
import { HighAvailabilityProxy } from '../../src/ha/HighAvailabilityProxy.js';
import { freePort, isListening } from '../helpers/ports.js';
import { EtcdServer } from '../helpers/etcd.js';
import { freshPrefix } from './harness/freshPrefix.js';
import { figure, sleep, waitFor } from './harness/wait.js';

class Calculator {
  public add(a: number, b: number): number {
    return a + b;
  }

  public note(text: string): string {
    return text;
  }
}

describe('etcd registration and discovery (in process)', function () {
  this.timeout(60_000);
  let etcd: EtcdServer;
  let client: Etcd3;
  const cleanup: (() => Promise<unknown>)[] = [];

  before(async () => {
    etcd = await EtcdServer.start();
    client = new Etcd3({ hosts: etcd.endpoint });
  });

  after(async () => {
    client.close();
    await etcd.dispose();
  });

  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  });

  async function exporterOn(port = 0): Promise<XmlRpcServiceExporter> {
    const exporter = new XmlRpcServiceExporter({
      service: new Calculator(),
      serviceName: 'Calculator',
      servicePort: port,
      idempotent: ['add'],
    });
    await exporter.start();
    cleanup.push(() => exporter.close());
    return exporter;
  }

  async function register(
    exporter: XmlRpcServiceExporter,
    prefix: string,
    extra: { deregisterDelayMs?: number } = {},
  ): Promise<EtcdRegistration> {
    const registration = new EtcdRegistration({
      exporter,
      endpoints: [etcd.endpoint],
      prefix,
      ttlSeconds: 2,
      ...extra,
    });
    await registration.start();
    cleanup.push(() => registration.close());
    return registration;
  }

  function poolWith(discovery: EtcdDiscovery, backoffMs = 1000): HighAvailabilityProxy {
    const pool = new HighAvailabilityProxy({
      name: 'Calculator',
      discovery,
      timeoutMs: 30_000, // a deadline for a stalled machine, never met by a healthy call
      backoff: { initialMs: backoffMs, maxMs: backoffMs },
    });
    cleanup.push(() => pool.close());
    return pool;
  }

  it('writes <prefix>/<serviceName>/<host:port> = { url, serviceName, methods, idempotent, tls } under a 2 s lease', async () => {
    const prefix = freshPrefix('spindle-test');
    const exporter = await exporterOn();
    const registration = await register(exporter, prefix);
    const url = exporter.url ?? '';
    const key = `${prefix}/Calculator/${new URL(url).host}`;
    assert.equal(registration.key, key);
    const response = await client.getAll().prefix(`${prefix}/`).exec();
    assert.equal(response.kvs.length, 1);
    const kv = response.kvs[0];
    assert.ok(kv !== undefined);
    assert.equal(kv.key.toString(), key);
    assert.deepEqual(JSON.parse(kv.value.toString()) as RegistrationRecord, {
      url,
      serviceName: 'Calculator',
      methods: ['add', 'note'],
      idempotent: ['add'],
      tls: false,
    });
    const lease = await client.leaseClient.leaseTimeToLive({ ID: kv.lease });
    assert.equal(Number(lease.grantedTTL), 2);
    // Kept alive: still there after two TTLs.
    await sleep(4500);
    assert.equal(
      (await client.get(key).string()) !== null,
      true,
      'the key outlives its TTL while kept alive',
    );
  });

  it('close() revokes the lease first: the key is gone while the exporter still serves', async () => {
    const prefix = freshPrefix('spindle-test');
    const exporter = await exporterOn();
    const registration = await register(exporter, prefix, { deregisterDelayMs: 300 });
    const port = exporter.address?.port ?? 0;
    await registration.close();
    assert.equal((await client.getAll().prefix(`${prefix}/`).keys()).length, 0);
    assert.equal(await isListening(port), true, 'the exporter drains after the registration is gone');
  });

  it('a lost lease: grants a new one and writes the key again', async () => {
    const prefix = freshPrefix('spindle-test');
    const exporter = await exporterOn();
    const registration = await register(exporter, prefix);
    const key = registration.key ?? '';
    const before = (await client.getAll().prefix(`${prefix}/`).exec()).kvs[0];
    assert.ok(before !== undefined);
    const lost = new Promise<number>((resolve) =>
      registration.once('lost', () => {
        resolve(Date.now());
      }),
    );
    const revokedAt = Date.now();
    await client.leaseClient.leaseRevoke({ ID: before.lease });
    const lostAt = await lost;
    const elapsed = await waitFor(
      'the key written again under a new lease',
      async () => {
        const kv = (await client.getAll().prefix(key).exec()).kvs[0];
        return kv !== undefined && kv.lease !== before.lease;
      },
      15_000,
    );
    figure('lease revoked behind its back -> lost event', `${String(lostAt - revokedAt)} ms`);
    figure('lease revoked behind its back -> registered again', `${String(elapsed)} ms`);
  });

  it('refuses a TTL below etcd 3.4 minimum of 2 s', async () => {
    const exporter = await exporterOn();
    assert.throws(
      () => new EtcdRegistration({ exporter, endpoints: [etcd.endpoint], ttlSeconds: 1 }),
      (error: unknown) => SpindleError.is(error) && error.code === 'SPINDLE_INVALID_ARGUMENT',
    );
  });

  it('start() rejects with SPINDLE_DISCOVERY_UNAVAILABLE when etcd cannot be reached', async () => {
    const exporter = await exporterOn();
    const nowhere = `http://127.0.0.1:${String(await freePort())}`;
    const registration = new EtcdRegistration({ exporter, endpoints: [nowhere], requestTimeoutMs: 1000 });
    cleanup.push(() => registration.close());
    await assert.rejects(registration.start(), (error: unknown) => {
      return SpindleError.is(error) && error.code === 'SPINDLE_DISCOVERY_UNAVAILABLE';
    });
    const discovery = new EtcdDiscovery({
      serviceName: 'Calculator',
      endpoints: [nowhere],
      requestTimeoutMs: 1000,
    });
    const pool = poolWith(discovery);
    await assert.rejects(pool.ready(), (error: unknown) => {
      return SpindleError.is(error) && error.code === 'SPINDLE_DISCOVERY_UNAVAILABLE';
    });
  });

  it('a pool follows the prefix: keys appear and vanish, calls go to the registered replicas', async () => {
    const prefix = freshPrefix('spindle-test');
    const first = await exporterOn();
    await register(first, prefix);
    const discovery = new EtcdDiscovery({ serviceName: 'Calculator', endpoints: [etcd.endpoint], prefix });
    const pool = poolWith(discovery);
    await pool.ready();
    assert.deepEqual(
      pool.stats().map((s) => s.description),
      [first.url],
    );
    const second = await exporterOn();
    const secondRegistration = await register(second, prefix);
    const joined = await waitFor('the second replica in the pool', () => pool.stats().length === 2, 30_000);
    figure('registration written -> in the pool (in process)', `${String(joined)} ms`);
    assert.equal(await pool.invoke('add', [2, 3]), 5);
    await secondRegistration.close();
    await waitFor('the second replica out of the pool', () => pool.stats().length === 1, 30_000);
    assert.deepEqual(discovery.urls(), [first.url]);
  });

  it('registry poisoning: foreign values, other schemes, other hosts and credentials never become members', async () => {
    const prefix = freshPrefix('spindle-test');
    const good = await exporterOn();
    await register(good, prefix);
    const directory = `${prefix}/Calculator/`;
    const record = (url: string): string =>
      JSON.stringify({ url, serviceName: 'Calculator', methods: [], idempotent: [], tls: false });
    await client.put(`${directory}junk`).value('not json');
    await client.put(`${directory}ftp`).value(record('ftp://127.0.0.1:21/Calculator'));
    await client.put(`${directory}rogue`).value(record('http://203.0.113.9:80/Calculator'));
    await client.put(`${directory}creds`).value(record('http://user:pw@127.0.0.1:9/Calculator'));
    const discovery = new EtcdDiscovery({
      serviceName: 'Calculator',
      endpoints: [etcd.endpoint],
      prefix,
      acceptHosts: ['127.0.0.1', 'localhost'],
    });
    const rejected: string[] = [];
    discovery.on('rejected', (key) => rejected.push(key.slice(directory.length)));
    const pool = poolWith(discovery);
    await pool.ready();
    assert.deepEqual(
      pool.stats().map((s) => s.description),
      [good.url],
    );
    assert.deepEqual(rejected.sort(), ['creds', 'ftp', 'junk', 'rogue']);
    // A rogue key written later is refused as well.
    await client.put(`${directory}rogue2`).value(record('http://198.51.100.7:8000/Calculator'));
    await waitFor('the rogue entry reported', () => rejected.includes('rogue2'), 30_000);
    assert.equal(pool.stats().length, 1);

    // https only: a plain-HTTP registration is refused.
    const strict = new EtcdDiscovery({
      serviceName: 'Calculator',
      endpoints: [etcd.endpoint],
      prefix,
      acceptSchemes: ['https'],
    });
    const strictPool = poolWith(strict);
    await strictPool.ready();
    assert.equal(strictPool.stats().length, 0);
  });

  it('a fresh registration of an ejected member brings it back at once, not after its backoff', async () => {
    const prefix = freshPrefix('spindle-test');
    const port = await freePort();
    const exporter = new XmlRpcServiceExporter({
      service: new Calculator(),
      serviceName: 'Calculator',
      servicePort: port,
    });
    await exporter.start();
    const registration = await register(exporter, prefix);
    const discovery = new EtcdDiscovery({ serviceName: 'Calculator', endpoints: [etcd.endpoint], prefix });
    // A minute of backoff: only the fresh registration can bring the member back within the test.
    const pool = poolWith(discovery, 60_000);
    await pool.ready();
    await exporter.close();
    await assert.rejects(pool.invoke('add', [1, 1]));
    assert.equal(pool.stats()[0]?.state, 'ejected');
    // The replica comes back on its port and registers afresh (a restarted process: new lease,
    // same key), while the old lease has not expired yet.
    assert.ok(registration.key !== undefined);
    const again = await exporterOn(port);
    const registeredAt = Date.now();
    await register(again, prefix);
    await waitFor('the member healthy again', () => pool.stats()[0]?.state === 'healthy', 30_000);
    figure(
      'fresh registration -> ejected member back in rotation',
      `${String(Date.now() - registeredAt)} ms`,
    );
    assert.equal(await pool.invoke('add', [1, 1]), 2);
  });
});
