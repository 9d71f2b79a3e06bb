import assert from 'node:assert/strict';
import net from 'node:net';

import {
  HighAvailabilityProxy,
  TransportError,
  XmlRpcClient,
  XmlRpcServiceExporter,
} from '../../src/index.js';
import type { Invoker, MemberStateChange } from '../../src/index.js';
import { waitFor } from '../discovery/harness/wait.js';

/** A port nothing listens on yet, to start a member on later. */
async function reservedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return port;
}

class Pong {
  public ran = 0;

  public async ping(): Promise<string> {
    this.ran += 1;
    return Promise.resolve('pong');
  }

  /** What the pool's probes call: a little slower than a loopback round trip, so a 0 ms budget can never pass. */
  public async slowPing(): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 100));
    return 'pong';
  }
}

/**
 * A pool used from inside a served method (B calls C on behalf of A) does
 * its own background work (probes, stall sweeps, capability discovery) on its
 * own time, not under the deadline of the call that happened to start it,
 * and says truthfully why a call whose deadline had passed was not sent.
 */
describe('a pool used inside a served call', function () {
  this.timeout(60_000);
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function exporter(service: object, name: string, port = 0): Promise<string> {
    const made = new XmlRpcServiceExporter({ service, serviceName: name, servicePort: port });
    closers.push(() => made.close());
    return made.start();
  }

  it("re-admits a member ejected during the call once it is back, although that call's deadline has passed", async () => {
    const up = await exporter(new Pong(), 'C');
    const port = await reservedPort();
    const pool = new HighAvailabilityProxy({
      members: [up, `http://127.0.0.1:${String(port)}/C`],
      backoff: { initialMs: 200, maxMs: 400 },
      probeMethod: 'slowPing',
    });
    closers.push(() => pool.close());
    const changes: MemberStateChange[] = [];
    pool.on('stateChange', (change) => changes.push(change));
    class Relay {
      public async relay(): Promise<string> {
        for (let i = 0; i < 4; i++) await pool.invoke('ping', []);
        return 'ok';
      }
    }
    const relay = new XmlRpcClient(await exporter(new Relay(), 'B'), { timeoutMs: 2000 });
    closers.push(() => relay.close());
    assert.equal(await relay.invoke('relay', []), 'ok');
    assert.ok(
      changes.some((change) => change.to === 'ejected'),
      'the member that refused connections was ejected during the call',
    );
    // The call's 2 s deadline runs out; the member comes up after it.
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await exporter(new Pong(), 'C', port);
    await waitFor(
      'the member to be re-admitted by a probe',
      () => pool.stats().every((member) => member.state === 'healthy'),
      20_000,
    );
    const cutShort = changes.filter((change) => / 0 ms/.test(change.reason));
    assert.deepEqual(cutShort, [], "no probe ran on the served call's spent deadline");
  });

  it('a call whose caller had no time left fails "deadline passed, not executed", not "no available member"', async () => {
    const pong = new Pong();
    const pool = new HighAvailabilityProxy({ members: [await exporter(pong, 'C')] });
    closers.push(() => pool.close());
    let seen: unknown;
    class Late {
      public async late(): Promise<string> {
        // Outlives its caller's 200 ms, then calls on: nothing should be sent.
        await new Promise((resolve) => setTimeout(resolve, 600));
        try {
          await pool.invoke('ping', []);
        } catch (error) {
          seen = error;
        }
        return 'done';
      }
    }
    const caller = new XmlRpcClient(await exporter(new Late(), 'B'), { timeoutMs: 200 });
    closers.push(() => caller.close());
    await caller.invoke('late', []).catch(() => undefined);
    await waitFor('the method to finish', () => seen !== undefined, 10_000);
    assert.ok(seen instanceof TransportError, String(seen));
    assert.equal(seen.code, 'SPINDLE_CLIENT_TIMEOUT');
    assert.equal(seen.outcome, 'not-executed');
    assert.match(seen.message, /deadline passed before any member was tried/);
    assert.equal(pong.ran, 0);
    await assert.rejects(pool.invoke('ping', [], { timeoutMs: 0 }), { code: 'SPINDLE_CLIENT_TIMEOUT' });
  });

  it('a member invoker that throws instead of rejecting leaves no call counted in flight', async () => {
    const throwing: Invoker = {
      description: 'throwing',
      invoke: () => {
        throw new Error('boom');
      },
      close: () => Promise.resolve(),
    };
    const pool = new HighAvailabilityProxy({ members: [throwing] });
    closers.push(() => pool.close());
    await assert.rejects(pool.invoke('anything', []), /boom/);
    assert.equal(pool.stats()[0]?.inFlight, 0);
  });
});
