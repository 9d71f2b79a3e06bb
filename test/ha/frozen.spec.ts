import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { XmlRpcServiceExporter } from '../../src/exporter/XmlRpcServiceExporter.js';
import { HighAvailabilityProxy } from '../../src/ha/index.js';
import type { MemberStateChange } from '../../src/ha/index.js';
import { XmlRpcClient } from '../../src/rpc/client/XmlRpcClient.js';
import { checkHistory } from './harness/checkHistory.js';
import { Cluster, drive, sleep, waitFor } from './harness/Cluster.js';
import { History } from './harness/History.js';
import { ReplicaProcess } from './harness/ReplicaProcess.js';

/** Far above a call's real duration on a loaded machine, so no assertion depends on its speed. */
const DEADLINE = 4000;

function report(name: string, figures: Record<string, unknown>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : String(v)}`)
    .join(' ');
  process.stdout.write(`      [ha ${name}] ${text}\n`);
}

/**
 * Frozen members, frozen for real: a replica process stopped with SIGSTOP and
 * resumed with SIGCONT (every test resumes and kills its processes in cleanup).
 */
describe('ha: frozen members (SIGSTOP / SIGCONT of a real server process)', function () {
  this.timeout(120_000);
  let cluster: Cluster | undefined;
  let replica: ReplicaProcess | undefined;
  let dir: string | undefined;
  const closers: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    // stop() sends SIGCONT before SIGKILL, so a frozen process never outlives the test.
    await replica?.stop();
    await cluster?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    replica = undefined;
    cluster = undefined;
    dir = undefined;
  });

  it('a server resumed after a freeze answers the calls written to its idle connections, rather than resetting them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-frozen-'));
    // A short keep-alive timeout, so it has long expired when the process resumes.
    const server = new ReplicaProcess({ replica: 0, dir, keepAliveMs: 300 });
    replica = server;
    await server.start();
    const client = new XmlRpcClient(server.url);
    closers.push(() => client.close());
    // Five idle keep-alive connections.
    await Promise.all(Array.from({ length: 5 }, (_, i) => client.invoke('slow', [`warm-${i}`, 50])));
    await server.kill('SIGSTOP');
    await sleep(800);
    const ids = Array.from({ length: 5 }, (_, i) => `frozen-${i}`);
    const calls = ids.map((id) =>
      client.invoke('incr', [id], { timeoutMs: 30_000, requestId: id }).then(
        () => 'ok',
        (error: unknown) =>
          `${String((error as { code?: string }).code)}/${String((error as { outcome?: string }).outcome)}`,
      ),
    );
    // The requests sit in the frozen server's socket buffers.
    await sleep(500);
    await server.kill('SIGCONT');
    assert.deepEqual(await Promise.all(calls), ['ok', 'ok', 'ok', 'ok', 'ok']);
    const ran = server
      .executions()
      .filter((e) => e.method === 'incr')
      .map((e) => e.id);
    assert.deepEqual(ran.sort(), ids, 'each ran exactly once');
  });

  it("with the pool's defaults a frozen member is ejected and gets no new call; idempotent calls go elsewhere, the others end unknown by their deadline", async () => {
    const made = new Cluster(3);
    cluster = made;
    await made.start();
    // Defaults but for the deadline and a probe backoff long enough to keep the member out during the test.
    const pool = new HighAvailabilityProxy({
      members: made.urls,
      timeoutMs: DEADLINE,
      backoff: { initialMs: 60_000 },
    });
    closers.push(() => pool.close());
    await waitFor('idempotent discovery', () => pool.idempotentMethods().includes('echo'));
    const history = new History();
    let ejection: { change: MemberStateChange; at: number; frozenCalls: number } | undefined;
    pool.on('stateChange', (change) => {
      if (change.to === 'ejected' && ejection === undefined) {
        ejection = { change, at: performance.now(), frozenCalls: pool.stats()[2]?.calls ?? -1 };
      }
    });
    let frozenAt = 0;
    const chaos = (async () => {
      await sleep(300);
      frozenAt = performance.now();
      await made.replica(2).kill('SIGSTOP');
      await waitFor('ejection', () => ejection !== undefined);
      await sleep(1000);
    })();
    const calls = await drive(4, chaos, (n) =>
      history.run(n % 2 === 0 ? 'echo' : 'incr', DEADLINE, (id) =>
        pool.invoke(n % 2 === 0 ? 'echo' : 'incr', [id], { requestId: id }),
      ),
    );
    const frozen = pool.stats()[2];
    const echoes = history.operations.filter((op) => op.method === 'echo');
    const stalled = history.operations.filter((op) => op.outcome === 'unknown');
    report('frozen-defaults', {
      calls,
      outcomes: `"${history.summary()}"`,
      ejectedAfterMs: (ejection?.at ?? 0) - frozenAt,
      echoP99Ms: History.percentile(echoes, 99),
      echoMaxMs: History.percentile(echoes, 100),
    });
    assert.ok(ejection !== undefined);
    assert.equal(ejection.change.member, made.replica(2).url);
    assert.match(ejection.change.reason, /stalled: no answer for \d+ ms/);
    assert.equal(frozen?.state, 'ejected');
    assert.equal(frozen.calls, ejection.frozenCalls, 'no call sent to the frozen member once ejected');
    assert.equal(history.count('echo', 'ok'), echoes.length, 'every idempotent call succeeded elsewhere');
    // Calls caught on the frozen member that may have run there: "unknown", at their deadline, not later.
    for (const op of stalled) {
      assert.equal(op.method, 'incr');
      assert.match(
        String((op.error as { member?: string }).member),
        new RegExp(String(made.replica(2).port)),
      );
    }
    assert.equal(history.count('incr', 'ok') + stalled.length, history.operations.length - echoes.length);
    await made.replica(2).kill('SIGCONT');
    checkHistory(history, made.executions(), { idempotent: ['echo'] });
  });

  it('a member that is slow but alive answers the stall probe and stays in rotation', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Two members, so the ejection cap (never the last healthy member) would allow ejecting one.
    const urls: string[] = [];
    for (let i = 0; i < 2; i++) {
      const exporter = new XmlRpcServiceExporter({
        service: {
          long: async (): Promise<string> => {
            await gate;
            return 'done';
          },
        },
        serviceName: 'S',
        servicePort: 0,
      });
      await exporter.start();
      closers.push(() => exporter.close());
      urls.push(exporter.url ?? '');
    }
    const pool = new HighAvailabilityProxy({
      members: urls,
      discoverIdempotent: false,
      idempotent: ['long'],
      outlierDetection: { stallMs: 50, checkTimeoutMs: 10_000 },
    });
    closers.push(() => pool.close());
    const calls = [pool.invoke('long', []), pool.invoke('long', []), pool.invoke('long', [])];
    await waitFor('three calls held', () => pool.stats().reduce((n, s) => n + s.inFlight, 0) === 3);
    // Long past several stall periods; each probe finds the members alive.
    await sleep(500);
    release();
    assert.deepEqual(await Promise.all(calls), ['done', 'done', 'done']);
    assert.deepEqual(
      pool.stats().map((s) => [s.state, s.ejections]),
      [
        ['healthy', 0],
        ['healthy', 0],
      ],
    );
    assert.equal(
      pool.stats().reduce((n, s) => n + s.calls, 0),
      3,
      'no call was given up and sent again',
    );
  });
});
