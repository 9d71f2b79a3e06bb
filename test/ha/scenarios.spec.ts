import assert from 'node:assert/strict';

import { HighAvailabilityProxy, NoAvailableMemberError } from '../../src/ha/index.js';
import type { HighAvailabilityProxyOptions } from '../../src/ha/index.js';
import { closedPort } from '../helpers/ports.js';
import { checkHistory } from './harness/checkHistory.js';
import { Cluster, drive, sleep, waitFor } from './harness/Cluster.js';
import { History } from './harness/History.js';

/** Test-scale defaults: probes from 100 ms, growing ×1.6 to 800 ms. */
const backoff = { initialMs: 100, multiplier: 1.6, maxMs: 800 };
/**
 * Each call's deadline: far above a call's real duration even on a loaded machine, so
 * no assertion below depends on how fast the machine is (a call that ran into it
 * would show as a failure, not as a slow success).
 */
const DEADLINE = 10_000;

function report(name: string, figures: Record<string, unknown>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : String(v)}`)
    .join(' ');
  process.stdout.write(`      [ha ${name}] ${text}\n`);
}

describe('ha: Jepsen-style scenarios with real replica processes', function () {
  this.timeout(120_000);
  let cluster: Cluster | undefined;
  let pool: HighAvailabilityProxy | undefined;

  afterEach(async () => {
    await pool?.close();
    await cluster?.stop();
    pool = undefined;
    cluster = undefined;
  });

  async function setUp(count: number, options: HighAvailabilityProxyOptions = {}, keepAliveMs?: number) {
    cluster = new Cluster(count, keepAliveMs === undefined ? {} : { keepAliveMs });
    await cluster.start();
    const made = new HighAvailabilityProxy({
      members: cluster.urls,
      timeoutMs: DEADLINE,
      backoff,
      ...options,
    });
    pool = made;
    // The exporters advertise echo and slow as idempotent; wait until the pool has read it.
    await waitFor('idempotent discovery', () => made.idempotentMethods().includes('echo'));
    return { cluster, pool: made, history: new History() };
  }

  function call(p: HighAvailabilityProxy, history: History, method: string, deadline = DEADLINE) {
    return history.run(method, deadline, (id) =>
      p.invoke(method, [id], { timeoutMs: deadline, requestId: id }),
    );
  }

  it('distribution: 4 replicas, 1000 sequential calls, 250 ± 1 each', async () => {
    const { cluster, pool, history } = await setUp(4);
    for (let i = 0; i < 1000; i++) await call(pool, history, 'echo');
    const perReplica = cluster.replicas.map((r) => r.executions().length);
    report('distribution', { calls: 1000, perReplica: perReplica.join('/') });
    assert.equal(history.count('echo', 'ok'), 1000);
    for (const n of perReplica) assert.ok(Math.abs(n - 250) <= 1, `replica got ${n} calls`);
    checkHistory(history, cluster.executions(), { idempotent: ['echo'] });
  });

  it('crash under load: SIGKILL one of 3 mid-run, restart it; no idempotent failure, no duplicate', async () => {
    const { cluster, pool, history } = await setUp(3);
    const victim = cluster.replica(1);
    const oldPid = victim.pid;
    const concurrency = 8;
    const chaos = (async () => {
      await sleep(700);
      await victim.kill('SIGKILL');
      await sleep(700);
      await victim.start();
      await waitFor('re-admission', () => pool.stats()[1]?.state === 'healthy');
      // Until the restarted process has served a call, however long that takes on this machine.
      await waitFor('traffic on the restarted replica', () =>
        victim.executions().some((e) => e.pid !== oldPid),
      );
    })();
    const calls = await drive(concurrency, chaos, (n) => call(pool, history, n % 2 === 0 ? 'echo' : 'incr'));
    const afterRestart = victim.executions().filter((e) => e.pid !== oldPid).length;
    const stats = pool.stats()[1];
    report('crash', {
      calls,
      ...outcomes(history),
      restartedReplicaCalls: afterRestart,
      ejections: stats?.ejections,
    });
    assert.equal(history.count('echo', 'ok'), history.operations.filter((op) => op.method === 'echo').length);
    assert.equal(history.count('incr', 'fault'), 0);
    assert.ok(
      history.count('incr', 'unknown') <= concurrency,
      'unknown only for calls in flight at the kill',
    );
    assert.ok(afterRestart > 0, 'the restarted replica gets traffic again');
    checkHistory(history, cluster.executions(), { idempotent: ['echo'] });
  });

  it('crash mid-call: a call running on a SIGKILLed replica ends "unknown", never re-sent', async () => {
    const { cluster, pool, history } = await setUp(3);
    // Warm a keep-alive socket to every replica, so the victims ride on reused sockets.
    for (let i = 0; i < 6; i++) await call(pool, history, 'echo');
    const calls = Array.from({ length: 6 }, () =>
      history.run('slowIncr', DEADLINE, (id) =>
        pool.invoke('slowIncr', [id, 600], { timeoutMs: DEADLINE, requestId: id }),
      ),
    );
    await sleep(200);
    await cluster.replica(0).kill('SIGKILL');
    await Promise.all(calls);
    report('crash-mid-call', outcomes(history));
    checkHistory(history, cluster.executions(), { idempotent: ['echo'], counter: 'slowIncr' });
    assert.equal(history.count('slowIncr', 'unknown'), 2, 'the two calls running on the killed replica');
    assert.equal(history.count('slowIncr', 'ok'), 4);
  });

  it('graceful rolling restart (SIGTERM, drain) of all 3 replicas: 0 failed calls', async () => {
    const { cluster, pool, history } = await setUp(3);
    const rolling = (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(300);
        await cluster.replica(i).kill('SIGTERM');
        await cluster.replica(i).start();
        await waitFor(`re-admission of ${i}`, () => pool.stats()[i]?.state === 'healthy');
      }
      await sleep(300);
    })();
    const calls = await drive(4, rolling, (n) => call(pool, history, n % 2 === 0 ? 'echo' : 'incr'));
    report('rolling', { calls, ...outcomes(history) });
    assert.equal(history.count(undefined, 'ok'), calls, history.summary());
    checkHistory(history, cluster.executions(), { idempotent: ['echo'] });
  });

  it('whole pool down: fast NoAvailableMemberError, then service resumes by itself', async () => {
    const { cluster, pool, history } = await setUp(3);
    for (let i = 0; i < 30; i++) await call(pool, history, 'echo');
    await Promise.all(cluster.replicas.map((r) => r.kill('SIGKILL')));
    const down: number[] = [];
    for (let i = 0; i < 20; i++) {
      const op = await call(pool, history, 'incr');
      down.push((op.endedAt ?? Infinity) - op.startedAt);
      assert.equal(op.outcome, 'not-executed');
      if (i > 0) assert.ok(op.error instanceof NoAvailableMemberError, String(op.error));
      if (op.error instanceof NoAvailableMemberError) {
        assert.match(op.error.message, /service 'Service'/);
        assert.equal(op.error.members.length, 3);
      }
    }
    await sleep(600);
    await cluster.replica(0).start();
    const back = performance.now();
    let resumed: number | undefined;
    // Bounded by count and by a generous time: the member's pending probe brings it back by
    // itself (no new pool, no call succeeding first); how fast is reported, not asserted.
    for (let i = 0; i < 3000 && resumed === undefined && performance.now() - back < 30_000; i++) {
      const op = await call(pool, history, 'echo');
      if (op.outcome === 'ok') resumed = performance.now() - back;
      else await sleep(10);
    }
    report('pool-down', { slowestFailMs: Math.max(...down), resumedAfterMs: resumed });
    // "Fast" is behaviour, not a figure: each failure was the pool saying no member is up
    // (asserted above, outcome not-executed), never a call that waited for its deadline.
    assert.ok(resumed !== undefined, 'the pool took the restarted replica back by itself');
    checkHistory(history, cluster.executions(), { idempotent: ['echo'] });
  });

  it('frozen replica (SIGSTOP): ejected after the configured failures, calls move on, p99 recovers', async () => {
    // Long enough that a healthy replica on a loaded machine never times out; the frozen one always does.
    const attemptTimeoutMs = 1000;
    const { cluster, pool, history } = await setUp(3, {
      attemptTimeoutMs,
      ejection: { consecutiveFailures: 3 },
      backoff: { initialMs: 5000 },
    });
    let ejectedAt: number | undefined;
    let frozenCallsAtEjection: number | undefined;
    pool.on('stateChange', (change) => {
      if (change.to !== 'ejected') return;
      ejectedAt ??= performance.now();
      frozenCallsAtEjection ??= pool.stats()[2]?.calls;
    });
    const chaos = (async () => {
      await sleep(400);
      await cluster.replica(2).kill('SIGSTOP');
      await waitFor('ejection', () => ejectedAt !== undefined);
      await sleep(1000);
    })();
    const calls = await drive(4, chaos, (n) => call(pool, history, n % 2 === 0 ? 'echo' : 'incr'));
    const after = history.operations.filter((op) => op.startedAt > (ejectedAt ?? Infinity));
    const p99 = History.percentile(after, 99);
    const frozen = pool.stats()[2];
    report('frozen', { calls, ...outcomes(history), ejections: frozen?.ejections, p99AfterMs: p99 });
    assert.equal(frozen?.state, 'ejected');
    assert.equal(history.count('echo', 'ok'), history.operations.filter((op) => op.method === 'echo').length);
    assert.ok(history.count('incr', 'unknown') <= 3 + 4, 'only calls sent before the ejection are lost');
    // "p99 recovers" as behaviour: once ejected, the frozen replica gets no call, so every call
    // started after the ejection succeeds (the latency figure is reported, not asserted).
    assert.ok(after.length > 0, 'calls went on after the ejection');
    assert.equal(frozen.calls, frozenCallsAtEjection, 'no call sent to the frozen replica once ejected');
    assert.deepEqual(
      after.filter((op) => op.outcome !== 'ok').map((op) => `${op.method} ${String(op.outcome)}`),
      [],
    );
    await cluster.replica(2).kill('SIGCONT');
    checkHistory(history, cluster.executions(), { idempotent: ['echo'] });
  });

  it('poison request: 1000 calls that fault on every replica, 0 ejections', async () => {
    const { cluster, pool, history } = await setUp(3);
    await drive(4, new Promise(() => undefined), () => call(pool, history, 'fail'), 1000);
    const stats = pool.stats();
    report('poison', { ...outcomes(history), ejections: stats.reduce((n, s) => n + s.ejections, 0) });
    assert.equal(history.count('fail', 'fault'), 1000);
    assert.deepEqual(
      stats.map((s) => [s.state, s.ejections, s.failures]),
      [
        ['healthy', 0, 0],
        ['healthy', 0, 0],
        ['healthy', 0, 0],
      ],
    );
    assert.equal(
      stats.reduce((n, s) => n + s.faults, 0),
      1000,
      'each poison call ran once: never retried elsewhere',
    );
    checkHistory(history, cluster.executions(), { idempotent: [] });
  });

  it('retry budget holds under a member that always fails', async () => {
    const dead = await unusedUrl();
    // Only the per-second reserve, so the bound below is exact: in any one ttl window
    // at most minRetriesPerSecond × ttl retries, whatever the traffic.
    const budget = { ttlMs: 1000, minRetriesPerSecond: 20, percentCanRetry: 0 };
    const { cluster, pool, history } = await setUp(2, {
      retryBudget: budget,
      ejection: { ejectOnConnectFailure: false, consecutiveFailures: 1_000_000 },
    });
    pool.add(dead);
    const started = performance.now();
    const calls = await drive(4, new Promise(() => undefined), () => call(pool, history, 'echo'), 600);
    const seconds = (performance.now() - started) / 1000;
    const attempts = pool.stats().reduce((n, s) => n + s.calls, 0);
    const retries = attempts - calls;
    const allowed = budget.minRetriesPerSecond * (Math.ceil(seconds) + 1);
    report('budget', {
      calls,
      attempts,
      retries,
      allowed,
      failedNotExecuted: history.count('echo', 'not-executed'),
    });
    assert.ok(retries <= allowed, `${retries} retries, budget ${allowed}`);
    assert.ok(history.count('echo', 'not-executed') > 0, 'the budget, not the traffic, stopped the retries');
    checkHistory(history, cluster.executions(), { idempotent: ['echo'] });
  });

  it('keep-alive race: calls timed to meet the idle close; no idempotent failure, no silent retry', async () => {
    const keepAliveMs = 150;
    const { cluster, pool, history } = await setUp(2, {}, keepAliveMs);
    for (let i = 0; i < 60; i++) {
      await call(pool, history, i % 4 < 2 ? 'echo' : 'incr');
      // Each member idles about keepAliveMs between its calls (round-robin over 2), ±10 %.
      await sleep(keepAliveMs / 2 + (Math.random() - 0.5) * (keepAliveMs / 10));
    }
    report('keep-alive', outcomes(history));
    assert.equal(history.count('echo', 'ok'), 30);
    for (const op of history.operations) assert.ok(op.outcome === 'ok' || op.outcome === 'unknown', op.id);
    checkHistory(history, cluster.executions(), { idempotent: ['echo'] });
  });
});

function outcomes(history: History): Record<string, string> {
  return { outcomes: `"${history.summary()}"` };
}

/** A loopback URL where nothing listens (the port was just released). */
async function unusedUrl(): Promise<string> {
  return `http://127.0.0.1:${String(await closedPort())}/Service`;
}
