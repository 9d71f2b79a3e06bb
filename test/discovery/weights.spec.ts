import assert from 'node:assert/strict';

import { EtcdDiscovery } from '../../src/discovery/EtcdDiscovery.js';
import { EtcdRegistration } from '../../src/discovery/EtcdRegistration.js';
import { parseRegistration } from '../../src/discovery/RegistrationRecord.js';
import { XmlRpcServiceExporter } from '../../src/exporter/XmlRpcServiceExporter.js';
import { HighAvailabilityProxy } from '../../src/ha/HighAvailabilityProxy.js';
import { EtcdServer } from '../helpers/etcd.js';
import { freshPrefix } from './harness/freshPrefix.js';
import { waitFor } from './harness/wait.js';

class Named {
  public calls = 0;
  public constructor(private readonly name: string) {}

  public whoami(): string {
    this.calls += 1;
    return this.name;
  }
}

describe('member weights from etcd registrations', function () {
  this.timeout(60_000);
  let etcd: EtcdServer;
  const cleanup: (() => Promise<unknown>)[] = [];

  before(async () => {
    etcd = await EtcdServer.start();
  });
  after(async () => {
    await etcd.dispose();
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  });

  it('a registration record keeps a positive weight and ignores any other', () => {
    const base = { url: 'http://10.0.0.5:7001/S', serviceName: 'S' };
    assert.equal(parseRegistration('k', JSON.stringify({ ...base, weight: 2.5 })).weight, 2.5);
    for (const weight of [0, -1, 'heavy', null]) {
      const record = parseRegistration('k', JSON.stringify({ ...base, weight }));
      assert.equal('weight' in record, false, `weight ${String(weight)} ignored`);
    }
  });

  it("a replica registered with weight 3 gets three times a plain replica's share of the calls", async () => {
    const prefix = freshPrefix('spindle-weights');
    const services = [new Named('big'), new Named('small')];
    for (const [i, service] of services.entries()) {
      const exporter = new XmlRpcServiceExporter({ service, serviceName: 'Named', servicePort: 0 });
      await exporter.start();
      cleanup.push(() => exporter.close());
      const registration = new EtcdRegistration({
        exporter,
        endpoints: [etcd.endpoint],
        prefix,
        ttlSeconds: 2,
        ...(i === 0 ? { weight: 3 } : {}),
      });
      await registration.start();
      cleanup.push(() => registration.close());
    }
    const discovery = new EtcdDiscovery({ serviceName: 'Named', endpoints: [etcd.endpoint], prefix });
    const pool = new HighAvailabilityProxy({ name: 'Named', discovery, discoverIdempotent: false });
    cleanup.push(() => pool.close());
    await pool.ready();
    await waitFor('both replicas in the pool', () => pool.stats().length === 2, 30_000);
    for (let i = 0; i < 400; i++) await pool.invoke('whoami', []);
    assert.deepEqual(
      services.map((s) => s.calls),
      [300, 100],
    );
  });
});
