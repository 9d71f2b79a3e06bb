import assert from 'node:assert/strict';
import { once } from 'node:events';

import { SpindleError } from '../../src/common/SpindleError.js';
import { DnsDiscovery } from '../../src/discovery/dns/DnsDiscovery.js';
import type { DnsDiscoveryOptions } from '../../src/discovery/dns/DnsDiscoveryOptions.js';
import { HighAvailabilityProxy } from '../../src/ha/HighAvailabilityProxy.js';
import type { DnsRecords } from '../helpers/dnsmasq.js';
import { DnsmasqServer, ZONE } from '../helpers/dnsmasq.js';
import { closedPort, freePort } from '../helpers/ports.js';
import { RecordingLogger } from '../helpers/RecordingLogger.js';
import { answersOf, callStream, memberUrl, replicaOn } from './harness/dnsReplicas.js';
import { waitFor } from './harness/wait.js';

const NAME = `calc.${ZONE}`;
const SRV_NAME = `_xmlrpc._tcp.calc.${ZONE}`;

describe('DNS discovery against a real dnsmasq', function () {
  this.timeout(60_000);
  const cleanup: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  });

  async function dnsWith(records: DnsRecords, ttlSeconds = 1): Promise<DnsmasqServer> {
    const server = await DnsmasqServer.start(records, ttlSeconds);
    cleanup.push(() => server.dispose());
    return server;
  }

  function discoveryOf(server: DnsmasqServer, options: Partial<DnsDiscoveryOptions>): DnsDiscovery {
    const discovery = new DnsDiscovery({
      name: NAME,
      path: '/Calculator',
      servers: [server.address],
      minRefreshIntervalMs: 100,
      retryDelayMs: 100,
      timeoutMs: 500,
      ...options,
    });
    cleanup.push(() => discovery.close());
    return discovery;
  }

  function poolWith(discovery: DnsDiscovery): HighAvailabilityProxy {
    // A deadline for a stalled machine, never met by a healthy call.
    const pool = new HighAvailabilityProxy({ name: 'Calculator', discovery, timeoutMs: 30_000 });
    cleanup.push(() => pool.close());
    return pool;
  }

  const sameUrls = (discovery: DnsDiscovery, urls: string[]) => (): boolean =>
    JSON.stringify(discovery.urls()) === JSON.stringify([...urls].sort());

  it('follows A records changed while calls run (dnsmasq rereads its hosts on SIGHUP), with no failed call', async () => {
    const port = await freePort();
    for (const host of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) await replicaOn(host, port, cleanup);
    const dns = await dnsWith({
      hosts: [
        ['127.0.0.2', NAME],
        ['127.0.0.3', NAME],
      ],
    });
    const discovery = discoveryOf(dns, { port });
    const pool = poolWith(discovery);
    await pool.ready();
    assert.deepEqual(discovery.urls(), [memberUrl('127.0.0.2', port), memberUrl('127.0.0.3', port)]);

    const calls = callStream(pool);
    cleanup.push(() => calls.stop());
    await waitFor('calls answered by both replicas', () => new Set(calls.answers).size === 2);
    await dns.setHosts([
      ['127.0.0.3', NAME],
      ['127.0.0.4', NAME],
    ]);
    await waitFor(
      'the pool to follow the new records',
      sameUrls(discovery, [memberUrl('127.0.0.3', port), memberUrl('127.0.0.4', port)]),
    );
    const answers = await answersOf(pool, 20);
    assert.deepEqual([...answers].sort(), [`127.0.0.3:${String(port)}`, `127.0.0.4:${String(port)}`]);
    await calls.stop();
    assert.deepEqual(calls.errors, []);
    assert.ok(calls.answers.length > 0);
  });

  it('follows SRV records (a headless Service) restarted with other targets and ports; a higher priority is a backup, not a member', async () => {
    const [p0, p1, p2, p3] = [await freePort(), await freePort(), await freePort(), await freePort()];
    await replicaOn('127.0.0.2', p0, cleanup);
    await replicaOn('127.0.0.3', p1, cleanup);
    await replicaOn('127.0.0.4', p2, cleanup);
    await replicaOn('127.0.0.5', p3, cleanup);
    const hosts = [
      ['127.0.0.2', `r0.${NAME}`],
      ['127.0.0.3', `r1.${NAME}`],
      ['127.0.0.4', `r2.${NAME}`],
      ['127.0.0.5', `backup.${NAME}`],
    ] as const;
    const backup = { name: SRV_NAME, target: `backup.${NAME}`, port: p3, priority: 10 };
    const dns = await dnsWith({
      hosts,
      srv: [
        { name: SRV_NAME, target: `r0.${NAME}`, port: p0 },
        { name: SRV_NAME, target: `r1.${NAME}`, port: p1 },
        backup,
      ],
    });
    const discovery = discoveryOf(dns, { name: SRV_NAME });
    const pool = poolWith(discovery);
    await pool.ready();
    assert.deepEqual(discovery.urls(), [memberUrl('127.0.0.2', p0), memberUrl('127.0.0.3', p1)]);

    const calls = callStream(pool);
    cleanup.push(() => calls.stop());
    await waitFor('calls answered by both replicas', () => new Set(calls.answers).size === 2);
    // SRV records are dnsmasq configuration: it restarts, so lookups meanwhile may fail.
    await dns.setSrv([
      { name: SRV_NAME, target: `r1.${NAME}`, port: p1 },
      { name: SRV_NAME, target: `r2.${NAME}`, port: p2 },
      backup,
    ]);
    await waitFor(
      'the pool to follow the new SRV records',
      sameUrls(discovery, [memberUrl('127.0.0.3', p1), memberUrl('127.0.0.4', p2)]),
    );
    const answers = await answersOf(pool, 20);
    assert.deepEqual([...answers].sort(), [`127.0.0.3:${String(p1)}`, `127.0.0.4:${String(p2)}`]);
    await calls.stop();
    assert.deepEqual(calls.errors, []);
  });

  it('keeps the last good members while the DNS server is down, says so, and follows again once it is back', async () => {
    const port = await freePort();
    for (const host of ['127.0.0.2', '127.0.0.3', '127.0.0.4']) await replicaOn(host, port, cleanup);
    const dns = await dnsWith({
      hosts: [
        ['127.0.0.2', NAME],
        ['127.0.0.3', NAME],
      ],
    });
    const logger = new RecordingLogger();
    const discovery = discoveryOf(dns, { port, logger });
    const pool = poolWith(discovery);
    await pool.ready();
    const members = discovery.urls();
    assert.equal(members.length, 2);

    const failed = once(discovery, 'lookupFailed') as Promise<[string, number, number]>;
    await dns.stop();
    const [reason, kept] = await failed;
    assert.match(reason, /ECONNREFUSED|ETIMEOUT/);
    assert.equal(kept, 2);
    const warning = logger.records.find(
      (record) => record.fields?.['code'] === 'SPINDLE_DISCOVERY_LOOKUP_FAILED',
    );
    assert.equal(warning?.level, 'warn');
    assert.equal(warning.fields?.['kept'], 2);
    // Calls go on to the members DNS last named.
    assert.deepEqual([...(await answersOf(pool, 20))].sort(), [
      `127.0.0.2:${String(port)}`,
      `127.0.0.3:${String(port)}`,
    ]);
    assert.deepEqual(discovery.urls(), members);

    await dns.setHosts([['127.0.0.4', NAME]]);
    await dns.restart();
    await waitFor('the pool to follow DNS again', sameUrls(discovery, [memberUrl('127.0.0.4', port)]));
    assert.deepEqual([...(await answersOf(pool, 5))], [`127.0.0.4:${String(port)}`]);
    assert.ok(logger.messages('info').includes('DNS lookups answer again'));
  });

  it('keeps the last good members when the name loses all its records (NXDOMAIN)', async () => {
    const port = await freePort();
    await replicaOn('127.0.0.2', port, cleanup);
    const dns = await dnsWith({ hosts: [['127.0.0.2', NAME]] });
    const discovery = discoveryOf(dns, { port });
    const pool = poolWith(discovery);
    await pool.ready();
    const failed = once(discovery, 'lookupFailed') as Promise<[string, number, number]>;
    await dns.setHosts([]);
    const [reason, kept] = await failed;
    assert.equal(reason, 'no records');
    assert.equal(kept, 1);
    assert.equal(await pool.invoke('whoami', []), `127.0.0.2:${String(port)}`);
  });

  it('starts empty when the name has no records yet, and fills when they appear', async () => {
    const port = await freePort();
    await replicaOn('127.0.0.2', port, cleanup);
    const dns = await dnsWith({});
    const discovery = discoveryOf(dns, { port });
    const pool = poolWith(discovery);
    await pool.ready();
    assert.deepEqual(discovery.urls(), []);
    await assert.rejects(pool.invoke('whoami', []), { code: 'SPINDLE_HA_NO_AVAILABLE_MEMBER' });
    await dns.setHosts([['127.0.0.2', NAME]]);
    await waitFor('the member to join', () => discovery.urls().length === 1);
    assert.equal(await pool.invoke('whoami', []), `127.0.0.2:${String(port)}`);
  });

  it('fails the pool with SPINDLE_DISCOVERY_UNAVAILABLE when no DNS server answers the first lookup', async () => {
    const discovery = new DnsDiscovery({
      name: NAME,
      port: 7000,
      servers: [`127.0.0.1:${String(await closedPort())}`],
      timeoutMs: 300,
      tries: 1,
    });
    cleanup.push(() => discovery.close());
    const pool = poolWith(discovery);
    await assert.rejects(pool.ready(), (error: unknown) => {
      assert.ok(SpindleError.is(error));
      assert.equal(error.code, 'SPINDLE_DISCOVERY_UNAVAILABLE');
      assert.match(error.message, /A\+AAAA calc\.spindle\.test \(servers 127\.0\.0\.1:\d+\)/);
      return true;
    });
  });

  it('makes members of AAAA records, with the address in brackets', async () => {
    const port = await freePort();
    await replicaOn('::1', port, cleanup);
    const dns = await dnsWith({ hosts: [['::1', NAME]] });
    const discovery = discoveryOf(dns, { port, recordType: 'AAAA' });
    const pool = poolWith(discovery);
    await pool.ready();
    assert.deepEqual(discovery.urls(), [memberUrl('::1', port)]);
    assert.equal(await pool.invoke('whoami', []), `::1:${String(port)}`);
  });
});
