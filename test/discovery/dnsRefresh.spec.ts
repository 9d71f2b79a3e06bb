import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ApplicationContext } from '../../src/index.js';
import { DnsDiscovery } from '../../src/discovery/dns/DnsDiscovery.js';
import type { DnsDiscoveryOptions } from '../../src/discovery/dns/DnsDiscoveryOptions.js';
import { HighAvailabilityProxy } from '../../src/ha/HighAvailabilityProxy.js';
import { DnsmasqServer, ZONE } from '../helpers/dnsmasq.js';
import { freePort } from '../helpers/ports.js';
import { memberUrl, replicaOn } from './harness/dnsReplicas.js';
import { waitFor } from './harness/wait.js';

const NAME = `calc.${ZONE}`;

describe('DNS discovery: when it looks up again, and from a context file', function () {
  this.timeout(60_000);
  const cleanup: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  });

  async function dnsWith(hosts: [string, string][], ttlSeconds: number): Promise<DnsmasqServer> {
    const server = await DnsmasqServer.start({ hosts }, ttlSeconds);
    cleanup.push(() => server.dispose());
    return server;
  }

  /** A pool on a discovery of NAME; resolves with the delay the first lookup set for the next one. */
  async function poolOn(
    server: DnsmasqServer,
    options: Partial<DnsDiscoveryOptions>,
  ): Promise<{ discovery: DnsDiscovery; nextInMs: number }> {
    const discovery = new DnsDiscovery({
      name: NAME,
      path: '/Calculator',
      servers: [server.address],
      ...options,
    });
    cleanup.push(() => discovery.close());
    const resolved = once(discovery, 'resolved') as Promise<[readonly string[], number]>;
    const pool = new HighAvailabilityProxy({ name: 'Calculator', discovery });
    cleanup.push(() => pool.close());
    await pool.ready();
    const [, nextInMs] = await resolved;
    return { discovery, nextInMs };
  }

  it('looks up again after the TTL when it is shorter than refreshIntervalMs', async () => {
    const port = await freePort();
    const dns = await dnsWith([['127.0.0.2', NAME]], 1);
    const { discovery, nextInMs } = await poolOn(dns, {
      port,
      refreshIntervalMs: 60_000,
      minRefreshIntervalMs: 100,
    });
    assert.equal(nextInMs, 1000);
    await dns.setHosts([['127.0.0.3', NAME]]);
    // Well before the 60 s refresh interval.
    await waitFor(
      'the TTL to bring the next lookup forward',
      () => discovery.urls()[0] === memberUrl('127.0.0.3', port),
      20_000,
    );
  });

  it('looks up again after refreshIntervalMs when the TTL is longer', async () => {
    const port = await freePort();
    const dns = await dnsWith([['127.0.0.2', NAME]], 3600);
    const { discovery, nextInMs } = await poolOn(dns, { port, refreshIntervalMs: 300 });
    assert.equal(nextInMs, 300);
    await dns.setHosts([['127.0.0.3', NAME]]);
    await waitFor(
      'the refresh interval to bring a lookup',
      () => discovery.urls()[0] === memberUrl('127.0.0.3', port),
      20_000,
    );
  });

  it('waits at least minRefreshIntervalMs whatever the TTL (0 here)', async () => {
    const port = await freePort();
    const dns = await dnsWith([['127.0.0.2', NAME]], 0);
    const { nextInMs } = await poolOn(dns, { port, refreshIntervalMs: 60_000, minRefreshIntervalMs: 700 });
    assert.equal(nextInMs, 700);
  });

  it('retries a failed lookup after retryDelayMs, doubled each time up to refreshIntervalMs', async () => {
    const port = await freePort();
    const dns = await dnsWith([['127.0.0.2', NAME]], 3600);
    const { discovery } = await poolOn(dns, {
      port,
      refreshIntervalMs: 300,
      retryDelayMs: 100,
      timeoutMs: 300,
    });
    const delays: number[] = [];
    discovery.on('lookupFailed', (_reason, kept, retryInMs) => {
      assert.equal(kept, 1);
      delays.push(retryInMs);
    });
    await dns.stop();
    await waitFor('four failed lookups', () => delays.length >= 4);
    assert.deepEqual(delays.slice(0, 4), [100, 200, 300, 300]);
    assert.deepEqual(discovery.urls(), [memberUrl('127.0.0.2', port)]);
  });

  it('is a built-in of context files: a pool fed by SRV records answers through the context', async () => {
    const [p0, p1] = [await freePort(), await freePort()];
    await replicaOn('127.0.0.2', p0, cleanup);
    await replicaOn('127.0.0.3', p1, cleanup);
    const srvName = `_xmlrpc._tcp.${NAME}`;
    const dns = await DnsmasqServer.start({
      hosts: [
        ['127.0.0.2', `r0.${NAME}`],
        ['127.0.0.3', `r1.${NAME}`],
      ],
      srv: [
        { name: srvName, target: `r0.${NAME}`, port: p0 },
        { name: srvName, target: `r1.${NAME}`, port: p1 },
      ],
    });
    cleanup.push(() => dns.dispose());
    const dir = mkdtempSync(join(tmpdir(), 'spindle-dns-context-'));
    cleanup.push(() => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    });
    const file = join(dir, 'client.yaml');
    writeFileSync(
      file,
      `objects:
  - object: discovery
    class: DnsDiscovery
    properties:
      name: \${SERVICE}
      path: /Calculator
      servers: ['\${DNS}']
      refreshIntervalMs: 5000
  - object: calculator
    class: HighAvailabilityProxy
    properties:
      discovery: {ref: discovery}
      idempotent: [whoami]
`,
    );
    const ctx = await ApplicationContext.load([file], { settings: { SERVICE: srvName, DNS: dns.address } });
    cleanup.push(() => ctx.close());
    const discovery = ctx.get<DnsDiscovery>('discovery');
    assert.deepEqual(discovery.urls(), [memberUrl('127.0.0.2', p0), memberUrl('127.0.0.3', p1)]);
    const calculator = ctx.get<{ whoami(): Promise<string> }>('calculator');
    const answers = new Set<string>();
    for (let i = 0; i < 10; i++) answers.add(await calculator.whoami());
    assert.deepEqual([...answers].sort(), [`127.0.0.2:${String(p0)}`, `127.0.0.3:${String(p1)}`]);
  });
});
