/**
 * Losing one etcd endpoint whose packets are dropped (nothing refused,
 * nothing fails): two proxies in front of one etcd stand for two members, and
 * the one carrying the stream under test turns into a blackhole.
 */
import assert from 'node:assert/strict';

import { Etcd3 } from 'etcd3';

import { createEtcdClient } from '../../src/discovery/createEtcdClient.js';
import { EtcdDiscovery } from '../../src/discovery/EtcdDiscovery.js';
import { endpointHealthOf } from '../../src/discovery/EndpointHealth.js';
import { EtcdRegistration } from '../../src/discovery/EtcdRegistration.js';
import { XmlRpcServiceExporter } from '../../src/exporter/XmlRpcServiceExporter.js';
import { EtcdServer } from '../helpers/etcd.js';
import { BlackholeProxy } from './harness/BlackholeProxy.js';
import { freshPrefix } from './harness/freshPrefix.js';
import { figure, sleep, waitFor } from './harness/wait.js';

class Echo {
  public echo(text: string): string {
    return text;
  }
}

describe('etcd: one endpoint stops answering (its packets dropped)', function () {
  this.timeout(90_000);
  let etcd: EtcdServer;
  let direct: Etcd3;
  const cleanup: (() => Promise<unknown>)[] = [];

  before(async () => {
    etcd = await EtcdServer.start();
    direct = new Etcd3({ hosts: etcd.endpoint });
  });

  after(async () => {
    direct.close();
    await etcd.dispose();
  });

  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  });

  /** Two proxies to the one etcd, and a client of Spindle's own over both. */
  async function twoEndpoints(): Promise<{ proxies: BlackholeProxy[]; client: Etcd3 }> {
    const proxies = [
      await BlackholeProxy.start(etcd.clientPort),
      await BlackholeProxy.start(etcd.clientPort),
    ];
    const client = createEtcdClient({ endpoints: proxies.map((p) => p.url) });
    cleanup.push(async () => {
      for (const proxy of proxies) await proxy.close();
    });
    cleanup.push(async () => {
      client.close();
      await Promise.resolve();
    });
    return { proxies, client };
  }

  /** The proxy the client's latest stream was opened on. */
  function streamProxy(client: Etcd3, proxies: readonly BlackholeProxy[]): BlackholeProxy {
    const host = endpointHealthOf(client)?.lastStreamHost;
    const proxy = proxies.find((p) => p.url === host);
    assert.ok(proxy !== undefined, `the stream runs through one of the proxies (${String(host)})`);
    return proxy;
  }

  it('a registration keeps its key: its keep-alives leave the silent endpoint before the lease expires', async () => {
    const { proxies, client } = await twoEndpoints();
    const exporter = new XmlRpcServiceExporter({ service: new Echo(), serviceName: 'Echo', servicePort: 0 });
    const registration = new EtcdRegistration({
      exporter,
      client,
      prefix: freshPrefix('spindle-endpoint-loss'),
      ttlSeconds: 3,
    });
    cleanup.push(() => exporter.close());
    cleanup.push(() => registration.close());
    await registration.start();
    const key = registration.key ?? '';
    const leaseOf = async (): Promise<string | undefined> => (await direct.get(key).exec()).kvs[0]?.lease;
    const lease = await leaseOf();
    assert.ok(lease !== undefined, 'registered');
    let lost = 0;
    registration.on('lost', () => {
      lost += 1;
    });

    const silent = streamProxy(client, proxies);
    silent.blackholed = true;
    // Three TTLs with the keep-alive's endpoint silent: the key must stay, under the same lease.
    const until = Date.now() + 9000;
    for (let i = 0; i < 900 && Date.now() < until; i++) {
      assert.equal(await leaseOf(), lease, 'the key stays, under the lease it was written with');
      await sleep(100);
    }
    assert.equal(lost, 0, 'the lease was never lost');
    assert.notEqual(streamProxy(client, proxies), silent, 'the keep-alives moved to the other endpoint');
  });

  it("a discovery's watch on the silent endpoint moves to the other one and sees what changes meanwhile", async () => {
    const { proxies, client } = await twoEndpoints();
    const prefix = freshPrefix('spindle-endpoint-loss');
    const discovery = new EtcdDiscovery({ serviceName: 'Echo', client, prefix });
    cleanup.push(() => discovery.close());
    // A pool that only takes note: the members are what the discovery holds.
    const pool = { description: 'test pool', add: (): string => 'member', remove: (): boolean => true };
    await discovery.attach(pool);
    await sleep(200); // the watch stream is opened once the prefix was read

    streamProxy(client, proxies).blackholed = true;
    const url = 'http://127.0.0.1:1/Echo';
    await direct.put(`${discovery.directory}one`).value(JSON.stringify({ url, serviceName: 'Echo' }));
    // gRPC keepalive: a ping every 5 s, 3 s to answer; then the watch resumes elsewhere.
    const elapsed = await waitFor(
      'the discovery to see the new member',
      () => discovery.urls().includes(url),
      30_000,
    );
    assert.notEqual(
      streamProxy(client, proxies).blackholed,
      true,
      'the watch now runs on the other endpoint',
    );
    figure('watch endpoint silent -> change seen through the other endpoint', `${String(elapsed)} ms`);
  });
});
