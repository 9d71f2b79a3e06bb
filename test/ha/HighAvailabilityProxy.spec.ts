import assert from 'node:assert/strict';

import { Fault } from '../../src/codec/Fault.js';
import { XmlRpcServiceExporter } from '../../src/exporter/XmlRpcServiceExporter.js';
import { HighAvailabilityProxy, NoAvailableMemberError, OutcomeUnknownError } from '../../src/ha/index.js';
import type { MemberStateChange, PoolRetry } from '../../src/ha/index.js';
import { createProxy } from '../../src/proxy/createProxy.js';
import { TransportError } from '../../src/rpc/TransportError.js';
import { waitFor } from './harness/Cluster.js';

/** A service that counts what each copy executed. */
class Counter {
  public executed: string[] = [];

  /** `slow` false makes `wait` answer at once: a replica on a faster machine. */
  public constructor(private readonly slow = true) {}

  public add(a: number, b: number): number {
    this.executed.push('add');
    return a + b;
  }

  public boom(): never {
    this.executed.push('boom');
    throw new Fault(7, 'boom');
  }

  public async wait(ms: number): Promise<string> {
    this.executed.push('wait');
    await new Promise((resolve) => setTimeout(resolve, this.slow ? ms : 0));
    return 'done';
  }
}

interface Replica {
  readonly service: Counter;
  readonly exporter: XmlRpcServiceExporter;
  readonly url: string;
}

describe('HighAvailabilityProxy', function () {
  this.timeout(20_000);
  const exporters: XmlRpcServiceExporter[] = [];
  const pools: HighAvailabilityProxy[] = [];

  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
    await Promise.all(exporters.splice(0).map((e) => e.close()));
  });

  async function replica(port = 0, idempotent: string[] = [], slow = true): Promise<Replica> {
    const service = new Counter(slow);
    const exporter = new XmlRpcServiceExporter({
      service,
      serviceName: 'Counter',
      servicePort: port,
      idempotent,
    });
    exporters.push(exporter);
    await exporter.start();
    return { service, exporter, url: exporter.url ?? '' };
  }

  function pool(options: ConstructorParameters<typeof HighAvailabilityProxy>[0]): HighAvailabilityProxy {
    const made = new HighAvailabilityProxy({ backoff: { initialMs: 50, maxMs: 200 }, ...options });
    pools.push(made);
    return made;
  }

  it('looks exactly like the service through createProxy, with the same proxy rules', async () => {
    const [a, b] = [await replica(), await replica()];
    const service = createProxy<{ add(a: number, b: number): Promise<number> }>(
      pool({ members: [a.url, b.url] }),
    );
    assert.equal(await service.add(2, 3), 5);
    assert.equal(await service.add(4, 5), 9);
    assert.equal(await Promise.resolve(service), service, 'awaiting the proxy does not call then()');
    // A proxy's toString is local: it names the pool, never calls the service.
    assert.match((service as unknown as { toString(): string }).toString(), /ha:Counter/);
    assert.deepEqual([a.service.executed, b.service.executed], [['add'], ['add']], 'round-robin');
  });

  it('returns a fault as the answer: not retried elsewhere, not held against the member', async () => {
    const [a, b] = [await replica(), await replica()];
    const p = pool({ members: [a.url, b.url], idempotent: ['boom'] });
    for (let i = 0; i < 6; i++) {
      await assert.rejects(
        p.invoke('boom', []),
        (error: unknown) => error instanceof Fault && error.faultCode === 7,
      );
    }
    assert.equal(a.service.executed.length + b.service.executed.length, 6, 'each call ran exactly once');
    for (const s of p.stats())
      assert.deepEqual([s.state, s.faults, s.failures, s.ejections], ['healthy', 3, 0, 0]);
  });

  it('answers at once with NoAvailableMemberError naming the service when the pool is empty', async () => {
    const p = pool({ name: 'Billing' });
    const error = await p.invoke('add', [1, 2]).catch((e: unknown) => e);
    assert.ok(error instanceof NoAvailableMemberError);
    assert.ok(error instanceof TransportError, 'a pool of pools sees it as a transport failure');
    assert.equal(error.code, 'SPINDLE_HA_NO_AVAILABLE_MEMBER');
    assert.equal(error.outcome, 'not-executed');
    assert.match(error.message, /'Billing'.*no members/);
  });

  it('never re-sends a non-idempotent call whose outcome is lost: OutcomeUnknownError names the member', async () => {
    const [a, b] = [await replica(), await replica()];
    const p = pool({ members: [a.url, b.url], attemptTimeoutMs: 150, discoverIdempotent: false });
    const error = await p.invoke('wait', [600]).catch((e: unknown) => e);
    assert.ok(error instanceof OutcomeUnknownError, String(error));
    assert.equal(error.outcome, 'unknown');
    assert.equal(error.member, a.url);
    assert.match(error.message, /Counter/);
    assert.deepEqual([a.service.executed, b.service.executed], [['wait'], []]);
  });

  it('moves an idempotent call to the next member after a lost outcome, within one deadline', async () => {
    const [a, b] = [await replica(), await replica(0, [], false)];
    // a's attempt always outlasts attemptTimeoutMs (it sleeps 3 s); b answers at once, well
    // inside it even on a loaded machine. One deadline covers both attempts: the pool rejects a
    // call past it, so 'done' is the proof (no elapsed-time assertion, which would depend on speed).
    const p = pool({
      members: [a.url, b.url],
      attemptTimeoutMs: 1000,
      idempotent: ['wait'],
      timeoutMs: 10_000,
    });
    assert.equal(await p.invoke('wait', [3000]), 'done');
    assert.deepEqual([a.service.executed, b.service.executed], [['wait'], ['wait']]);
  });

  it('learns idempotent methods from the exporters through system.getCapabilities', async () => {
    const a = await replica(0, ['add']);
    const p = pool({ members: [a.url], idempotent: ['wait'] });
    await waitFor('discovery', () => p.idempotentMethods().includes('add'));
    assert.deepEqual(p.idempotentMethods(), ['add', 'wait']);
  });

  it('ejects a member that refuses connections and re-admits it by a probe after the backoff', async () => {
    const [a, b] = [await replica(), await replica()];
    // A backoff of 1 s, not the suite's 50 ms: the probe must not come before the member is back
    // (two local calls and a restart), however loaded the machine, or it fails and ejects again.
    const p = pool({ members: [a.url, b.url], backoff: { initialMs: 1000, maxMs: 1000 } });
    const changes: MemberStateChange[] = [];
    p.on('stateChange', (change) => changes.push(change));
    const port = a.exporter.address?.port ?? 0;
    await a.exporter.close();
    assert.equal(await p.invoke('add', [1, 1]), 2, 'not executed on a: sent to b');
    assert.deepEqual(
      changes.map((c) => [c.member, c.to]),
      [[a.url, 'ejected']],
    );
    assert.equal(await p.invoke('add', [1, 2]), 3);
    const back = await replica(port);
    await waitFor('re-admission', () => p.stats()[0]?.state === 'healthy', 10_000);
    assert.deepEqual(
      changes.map((c) => c.to),
      ['ejected', 'probing', 'healthy'],
    );
    const [stats] = p.stats();
    assert.deepEqual([stats?.ejections, stats?.probes, stats?.failures], [1, 1, 1]);
    await p.invoke('add', [0, 0]);
    await p.invoke('add', [0, 0]);
    assert.equal(back.service.executed.length, 1, 'the re-admitted member is in rotation again');
  });

  it('reports each retry as an event and logs state changes with structured fields', async () => {
    const [a, b] = [await replica(), await replica()];
    const lines: { level: string; message: string; fields: Readonly<Record<string, unknown>> }[] = [];
    const record =
      (level: string) =>
      (message: string, fields: Readonly<Record<string, unknown>> = {}): void => {
        lines.push({ level, message, fields });
      };
    const logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    const p = pool({ name: 'counter', members: [a.url, b.url], logger });
    const retries: PoolRetry[] = [];
    p.on('retry', (event) => retries.push(event));
    await a.exporter.close();
    assert.equal(await p.invoke('add', [1, 1], { requestId: 'req-1' }), 2, 'not executed on a: sent to b');
    assert.deepEqual(retries, [
      {
        service: 'counter',
        method: 'add',
        requestId: 'req-1',
        attempt: 2,
        member: b.url,
        previousMember: a.url,
        reason: retries[0]?.reason,
      },
    ]);
    assert.match(retries[0]?.reason ?? '', /refused|ECONNREFUSED/i);
    const ejected = lines.find((line) => line.fields['to'] === 'ejected') ?? assert.fail('no ejection line');
    assert.equal(ejected.level, 'warn');
    assert.deepEqual(
      { ...ejected.fields, reason: undefined },
      { service: 'counter', member: a.url, from: 'healthy', to: 'ejected', reason: undefined },
    );
    assert.match(String(ejected.fields['reason']), /^unreachable/);
    assert.match(ejected.message, /^pool counter: member \S+ healthy -> ejected: unreachable/);
    assert.equal(await p.invoke('add', [2, 2]), 4, 'a is ejected: the next call goes to b at once');
    assert.equal(retries.length, 1, 'a first attempt is not a retry');
  });

  it('adds and removes members at runtime; calls already on a removed member finish', async () => {
    const [a, b, c] = [await replica(), await replica(), await replica()];
    const memberA = createProxy<{ add(a: number, b: number): Promise<number> }>(a.url);
    const p = pool({ members: [memberA, b.url] });
    const events: string[] = [];
    p.on('memberAdded', (m) => events.push(`+${m}`));
    p.on('memberRemoved', (m) => events.push(`-${m}`));
    const inFlight = p.invoke('wait', [200]);
    // Until the call is running on a (by behaviour, not after a fixed sleep).
    await waitFor('the call to reach a', () => a.service.executed.length === 1);
    assert.equal(p.remove(memberA), true);
    assert.equal(p.remove(memberA), false);
    assert.equal(await inFlight, 'done');
    p.add(c.url);
    for (let i = 0; i < 4; i++) await p.invoke('add', [i, i]);
    assert.deepEqual(events, [`-${a.url}`, `+${c.url}`]);
    assert.deepEqual(
      [a.service.executed, b.service.executed.length, c.service.executed.length],
      [['wait'], 2, 2],
    );
    assert.deepEqual(
      p.stats().map((s) => s.description),
      [b.url, c.url],
    );
    // The pool did not close the member's client: the proxy was the user's, not the pool's.
    assert.equal(await memberA.add(1, 1), 2);
  });

  it('counts calls, failures, ejections and latency per member', async () => {
    const a = await replica();
    const p = pool({ members: [a.url] });
    for (let i = 0; i < 5; i++) await p.invoke('add', [i, 1]);
    const stats = p.stats()[0]!;
    assert.equal(stats.calls, 5);
    assert.equal(stats.successes, 5);
    assert.equal(stats.inFlight, 0);
    assert.ok(stats.meanLatencyMs > 0 && stats.p99LatencyMs <= stats.maxLatencyMs);
  });

  it('refuses bad options and bad members, and calls after close', async () => {
    assert.throws(() => new HighAvailabilityProxy({ timeoutMs: 0 }), { code: 'SPINDLE_INVALID_ARGUMENT' });
    assert.throws(() => new HighAvailabilityProxy({ members: [42 as unknown as string] }), {
      code: 'SPINDLE_INVALID_ARGUMENT',
    });
    const p = new HighAvailabilityProxy({ members: ['http://127.0.0.1:1/S'] });
    await p.close();
    await p.close();
    await assert.rejects(p.invoke('add', []), { code: 'SPINDLE_CLOSED' });
  });
});
