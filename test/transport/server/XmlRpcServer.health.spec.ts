import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

import { createProxy, Readiness, ServiceDispatcher, XmlRpcServer } from '../../../src/index.js';
import { CALL_CHANNEL_NAMES } from '../../../src/common/callChannels.js';
import { httpGet } from '../../helpers/httpGet.js';

/**
 * `GET /healthz` and `GET /readyz` of an `XmlRpcServer` with `health: true`,
 * over real HTTP: off by default, answered without Basic auth, not counted as
 * calls, following a shared `Readiness`, and 503 once the server closes.
 */
describe('XmlRpcServer health endpoints', function () {
  this.timeout(20_000);

  const servers: XmlRpcServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  async function started(options: ConstructorParameters<typeof XmlRpcServer>[0]): Promise<string> {
    const server = new XmlRpcServer({ port: 0, ...options });
    servers.push(server);
    const dispatcher = new ServiceDispatcher({ name: 'Calc' });
    dispatcher.registerFunction('add', (a: number, b: number) => a + b);
    server.addService(['/Calc'], dispatcher, { auth: { users: { ann: 'secret' }, allowInsecure: true } });
    await server.listen();
    return server.baseUrl ?? assert.fail('no base URL');
  }

  it('answers neither path unless health is on (404, as any unknown path)', async () => {
    const base = await started({});
    assert.equal((await httpGet(`${base}/healthz`)).status, 404);
    assert.equal((await httpGet(`${base}/readyz`)).status, 404);
  });

  it('answers 200 without credentials while a service behind it asks for Basic auth', async () => {
    const base = await started({ health: true });
    const live = await httpGet(`${base}/healthz`);
    assert.deepEqual([live.status, live.body], [200, 'ok\n']);
    assert.equal(live.headers['cache-control'], 'no-store');
    const ready = await httpGet(`${base}/readyz?verbose=1`);
    assert.deepEqual([ready.status, ready.body], [200, 'ok\n']);
    const head = await httpGet(`${base}/readyz`, 'HEAD');
    assert.deepEqual([head.status, head.body], [200, '']);
    const anonymous = createProxy<{ add(a: number, b: number): Promise<number> }>(`${base}/Calc`);
    await assert.rejects(anonymous.add(2, 3), /401/, 'the service itself still asks for credentials');
  });

  it('does not count probes as calls (no server call is published)', async () => {
    const base = await started({ health: true });
    const seen: unknown[] = [];
    const onCall = (message: unknown): void => {
      seen.push(message);
    };
    subscribe(CALL_CHANNEL_NAMES.serverEnd, onCall);
    try {
      for (let i = 0; i < 3; i++) {
        await httpGet(`${base}/healthz`);
        await httpGet(`${base}/readyz`);
      }
      assert.deepEqual(seen, []);
      const calc = createProxy<{ add(a: number, b: number): Promise<number> }>(`${base}/Calc`, {
        username: 'ann',
        password: 'secret',
      });
      assert.equal(await calc.add(2, 3), 5);
      assert.equal(seen.length, 1, 'a real call is published, so the channel was listened to');
    } finally {
      unsubscribe(CALL_CHANNEL_NAMES.serverEnd, onCall);
    }
  });

  it('follows a shared Readiness: 503 starting, 200 ready, 503 draining, while /healthz stays 200', async () => {
    const readiness = new Readiness();
    const base = await started({ health: true, readiness });
    const probe = async (): Promise<[number, string, number]> => {
      const ready = await httpGet(`${base}/readyz`);
      return [ready.status, ready.body, (await httpGet(`${base}/healthz`)).status];
    };
    assert.deepEqual(await probe(), [503, 'starting\n', 200]);
    readiness.ready();
    assert.deepEqual(await probe(), [200, 'ok\n', 200]);
    readiness.drain();
    assert.deepEqual(await probe(), [503, 'draining\n', 200]);
    readiness.ready();
    assert.equal(readiness.state, 'draining', 'a draining process never becomes ready again');
  });

  it('reports draining once closing, and stops listening after', async () => {
    const server = new XmlRpcServer({ port: 0, health: true });
    servers.push(server);
    await server.listen();
    assert.equal(server.readinessState, 'ready');
    const closing = server.close();
    assert.equal(server.readinessState, 'draining');
    await closing;
  });

  it('refuses a service exported at a health path when health is on', () => {
    const server = new XmlRpcServer({ port: 0, health: true });
    servers.push(server);
    assert.throws(
      () => {
        server.addService(['/readyz'], new ServiceDispatcher());
      },
      { code: 'SPINDLE_SERVER_CONFLICT', message: /\/readyz answers health probes/ },
    );
  });
});
