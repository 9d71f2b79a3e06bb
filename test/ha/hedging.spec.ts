import assert from 'node:assert/strict';

import { XmlRpcServiceExporter } from '../../src/exporter/XmlRpcServiceExporter.js';
import { HighAvailabilityProxy, RetryBudget } from '../../src/ha/index.js';
import type { HighAvailabilityProxyOptions, PoolRetry } from '../../src/ha/index.js';
import { closedPort } from '../helpers/ports.js';
import { rejectionOf } from '../helpers/rejections.js';
import { sleep, waitFor } from './harness/Cluster.js';

/** A copy of the service; `held` copies park every call until the test releases them. */
class Copy {
  public readonly executed: string[] = [];
  public constructor(
    private readonly tag: string,
    private readonly gate?: Promise<void>,
  ) {}

  public async who(): Promise<string> {
    this.executed.push('who');
    await this.gate;
    return this.tag;
  }

  public async incr(): Promise<string> {
    this.executed.push('incr');
    await this.gate;
    return this.tag;
  }
}

describe('HighAvailabilityProxy: hedged attempts and retry backoff', function () {
  this.timeout(30_000);
  const exporters: XmlRpcServiceExporter[] = [];
  const pools: HighAvailabilityProxy[] = [];
  let release: () => void = () => undefined;
  let gate: Promise<void> = Promise.resolve();

  beforeEach(() => {
    gate = new Promise<void>((resolve) => {
      release = resolve;
    });
  });
  afterEach(async () => {
    release();
    await Promise.all(pools.splice(0).map((p) => p.close()));
    await Promise.all(exporters.splice(0).map((e) => e.close()));
  });

  async function member(copy: Copy): Promise<string> {
    const exporter = new XmlRpcServiceExporter({ service: copy, serviceName: 'S', servicePort: 0 });
    exporters.push(exporter);
    await exporter.start();
    return exporter.url ?? '';
  }

  /** The held copy first, so round-robin sends each first attempt there. */
  async function heldThenFast(options: HighAvailabilityProxyOptions) {
    const held = new Copy('held', gate);
    const fast = new Copy('fast');
    const pool = new HighAvailabilityProxy({
      members: [await member(held), await member(fast)],
      discoverIdempotent: false,
      idempotent: ['who'],
      // Stall detection off: these members are slow on purpose, and hedging is what is tested.
      outlierDetection: { stallMs: 0 },
      ...options,
    });
    pools.push(pool);
    const retries: PoolRetry[] = [];
    pool.on('retry', (retry) => retries.push(retry));
    return { held, fast, pool, retries };
  }

  it('an idempotent call is hedged on another member after delayMs; the first answer wins and the other attempt is cancelled', async () => {
    const { held, fast, pool, retries } = await heldThenFast({ hedging: { delayMs: 20 } });
    assert.equal(await pool.invoke('who', []), 'fast');
    assert.deepEqual([held.executed, fast.executed], [['who'], ['who']]);
    assert.deepEqual(
      retries.map((r) => [r.attempt, r.reason.replace(/^no answer from \S+/, 'no answer from <held>')]),
      [[2, 'no answer from <held> within 20 ms (hedged)']],
    );
    assert.deepEqual(
      retries.map((r) => [r.previousMember, r.member]),
      [pool.stats().map((s) => s.description)],
    );
    // The losing attempt's signal was aborted: it no longer holds a call on the held member.
    await waitFor('the losing attempt ended', () => pool.stats()[0]?.inFlight === 0);
    assert.deepEqual(
      pool.stats().map((s) => [s.state, s.failures]),
      [
        ['healthy', 0],
        ['healthy', 0],
      ],
      'a cancelled hedge is not held against its member',
    );
  });

  it('a method not declared idempotent is never hedged', async () => {
    const { held, fast, pool, retries } = await heldThenFast({ hedging: { delayMs: 20 } });
    const call = pool.invoke('incr', []);
    await waitFor('the call reached the held member', () => held.executed.length === 1);
    // Ten times the hedging delay: a hedge would have gone by now.
    await sleep(200);
    assert.deepEqual(fast.executed, []);
    release();
    assert.equal(await call, 'held');
    assert.equal(retries.length, 0);
  });

  it('hedges draw from the retry budget: with none left, the call waits for its one attempt', async () => {
    const { fast, pool } = await heldThenFast({ hedging: { delayMs: 20 }, retryBudget: RetryBudget.empty() });
    const call = pool.invoke('who', []);
    await sleep(200);
    assert.deepEqual(fast.executed, []);
    release();
    assert.equal(await call, 'held');
  });

  it('when no hedge answers, the call ends with the most cautious outcome of its attempts', async () => {
    const urls = [`http://127.0.0.1:${await closedPort()}/S`, `http://127.0.0.1:${await closedPort()}/S`];
    const pool = new HighAvailabilityProxy({
      members: urls,
      discoverIdempotent: false,
      idempotent: ['who'],
      hedging: { delayMs: 1000 },
      ejection: { ejectOnConnectFailure: false },
    });
    pools.push(pool);
    const error = (await rejectionOf(pool.invoke('who', []))) as { outcome?: string; code?: string };
    assert.deepEqual([error.code, error.outcome], ['SPINDLE_CLIENT_CONNECT_FAILED', 'not-executed']);
    // A refused attempt lets the next one go at once, without waiting for the delay.
    assert.deepEqual(
      pool.stats().map((s) => [s.calls, s.failures]),
      [
        [1, 1],
        [1, 1],
      ],
    );
  });

  it('waits the retry backoff before each retry, attempt numbers from 0', async () => {
    const delays: number[] = [];
    const fast = new Copy('fast');
    const pool = new HighAvailabilityProxy({
      members: [`http://127.0.0.1:${await closedPort()}/S`, await member(fast)],
      discoverIdempotent: false,
      retryBackoff: {
        delay: (attempt: number) => {
          delays.push(attempt);
          return 1;
        },
      },
    });
    pools.push(pool);
    assert.equal(await pool.invoke('who', []), 'fast');
    assert.deepEqual(delays, [0]);
  });
});
