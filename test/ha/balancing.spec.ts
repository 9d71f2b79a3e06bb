import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { XmlRpcServiceExporter } from '../../src/exporter/XmlRpcServiceExporter.js';
import { LeastRequestBalancer, RoundRobinBalancer } from '../../src/ha/Balancer.js';
import type { BalancerCandidate } from '../../src/ha/Balancer.js';
import { HighAvailabilityProxy } from '../../src/ha/index.js';
import type { HighAvailabilityProxyOptions, MemberDiscovery, PoolMembership } from '../../src/ha/index.js';
import { ApplicationContext } from '../../src/index.js';
import { invokerOf } from '../../src/proxy/createProxy.js';
import { runSpindle } from '../helpers/nodeProcess.js';
import { RecordingLogger } from '../helpers/RecordingLogger.js';
import { waitFor } from './harness/Cluster.js';

function candidates(...specs: [string, number, number][]): BalancerCandidate[] {
  return specs.map(([description, weight, inFlight]) => ({ description, weight, inFlight }));
}

function tally(picks: readonly BalancerCandidate[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const pick of picks) counts[pick.description] = (counts[pick.description] ?? 0) + 1;
  return counts;
}

describe('balancers (the replaceable picker)', () => {
  it('round-robin: equal weights rotate in order; weights 2:1:1 give exact shares, spread out', () => {
    const rr = new RoundRobinBalancer();
    const equal = candidates(['a', 1, 0], ['b', 1, 0], ['c', 1, 0]);
    assert.deepEqual(
      Array.from({ length: 6 }, () => rr.pick(equal).description),
      ['a', 'b', 'c', 'a', 'b', 'c'],
    );
    const weighted = new RoundRobinBalancer();
    const members = candidates(['a', 2, 0], ['b', 1, 0], ['c', 1, 0]);
    const picks = Array.from({ length: 400 }, () => weighted.pick(members));
    assert.deepEqual(tally(picks), { a: 200, b: 100, c: 100 });
    // Smooth: the heavy member never gets more than its weight in a row.
    const longestRun = picks.reduce(
      (acc, pick, i) => {
        const run = i > 0 && picks[i - 1] === pick ? acc.run + 1 : 1;
        return { run, max: Math.max(acc.max, run) };
      },
      { run: 0, max: 0 },
    ).max;
    assert.ok(longestRun <= 2, `longest run ${longestRun}`);
  });

  it('least-request: a member with more calls in flight loses every draw against an idle one', () => {
    const lr = new LeastRequestBalancer();
    const members = candidates(['busy', 1, 5], ['idle1', 1, 0], ['idle2', 1, 0]);
    const picks = tally(Array.from({ length: 1000 }, () => lr.pick(members)));
    assert.equal(picks['busy'], undefined);
    assert.ok((picks['idle1'] ?? 0) > 0 && (picks['idle2'] ?? 0) > 0, JSON.stringify(picks));
  });

  it('least-request: weights scale the load, and draws follow the weights', () => {
    // Seeded draws: a fixed sequence, so the result does not depend on chance.
    let seed = 7;
    const random = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const lr = new LeastRequestBalancer(random);
    // 2 calls on a member of weight 4 weigh less than 1 call on a member of weight 1.
    const two = candidates(['heavy', 4, 2], ['light', 1, 1]);
    assert.deepEqual(tally(Array.from({ length: 100 }, () => lr.pick(two))), { heavy: 100 });
    // Idle members: picks follow the weights (3 : 1), within a wide margin for the seeded draws.
    const idle = candidates(['three', 3, 0], ['one', 1, 0], ['other', 1, 0]);
    const picks = tally(Array.from({ length: 2000 }, () => lr.pick(idle)));
    assert.ok((picks['three'] ?? 0) > (picks['one'] ?? 0) * 2, JSON.stringify(picks));
  });
});

/** A service whose copy `held` parks every call until the test releases it. */
class Tagged {
  public calls = 0;
  readonly #gate: Promise<void> | undefined;

  public constructor(
    private readonly tag: string,
    gate?: Promise<void>,
  ) {
    this.#gate = gate;
  }

  public async who(): Promise<string> {
    this.calls += 1;
    await this.#gate;
    return this.tag;
  }
}

describe('HighAvailabilityProxy balancing over real members', function () {
  this.timeout(30_000);
  const exporters: XmlRpcServiceExporter[] = [];
  const pools: HighAvailabilityProxy[] = [];
  let release: () => void = () => undefined;
  let dir = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-balancing-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    release();
    await Promise.all(pools.splice(0).map((p) => p.close()));
    await Promise.all(exporters.splice(0).map((e) => e.close()));
  });

  async function member(service: Tagged): Promise<string> {
    const exporter = new XmlRpcServiceExporter({
      service,
      serviceName: 'S',
      servicePort: 0,
      idempotent: ['who'],
    });
    exporters.push(exporter);
    await exporter.start();
    return exporter.url ?? '';
  }

  function pool(options: HighAvailabilityProxyOptions): HighAvailabilityProxy {
    // Stall detection off: a held member here is slow on purpose, not frozen.
    const made = new HighAvailabilityProxy({
      discoverIdempotent: false,
      outlierDetection: { stallMs: 0 },
      ...options,
    });
    pools.push(made);
    return made;
  }

  it('weights from the options: 400 sequential calls split 3 : 1', async () => {
    const a = new Tagged('a');
    const b = new Tagged('b');
    const urls = [await member(a), await member(b)];
    const p = pool({ members: urls, weights: { [urls[0] ?? '']: 3 } });
    for (let i = 0; i < 400; i++) await p.invoke('who', []);
    assert.deepEqual([a.calls, b.calls], [300, 100]);
    assert.deepEqual(
      p.stats().map((s) => s.weight),
      [3, 1],
    );
  });

  it('weights: a key that matches no given member is refused, naming the member it likely means', async () => {
    const [one, two] = [await member(new Tagged('a')), await member(new Tagged('b'))];
    const members = [one.replace('http://', 'http://user:pw@'), two];
    const refused = (key: string, meant: string): void => {
      assert.throws(() => new HighAvailabilityProxy({ members, weights: { [key]: 5 } }), {
        code: 'SPINDLE_INVALID_ARGUMENT',
        message:
          `HighAvailabilityProxy: weights['${key}'] matches no member (did you mean '${meant}'?); ` +
          'its keys are member descriptions (the URL without credentials)',
      });
    };
    refused(one.replace(/\/S$/, '/s'), one); // wrong case
    refused(two.replace(/\/S$/, ''), two); // no path
    refused(one.replace('http://', 'http://user:pw@'), one); // with the credentials
    // The description, credentials left out, is the key.
    const p = pool({ members, weights: { [one]: 5 } });
    assert.deepEqual(
      p.stats().map((s) => [s.description, s.weight]),
      [
        [one, 5],
        [two, 1],
      ],
    );
  });

  it('weights with discovery: a key that matches no member is warned about once, after the first membership', async () => {
    const [one, two, three] = [
      await member(new Tagged('a')),
      await member(new Tagged('b')),
      await member(new Tagged('c')),
    ];
    const noPath = two.replace(/\/S$/, '');
    const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const warned = `weights['${noPath}'] matches no member (did you mean '${two}'?); its weight is not used`;
    const weightWarnings = (logger: RecordingLogger): string[] =>
      logger.messages('warn').filter((message) => message.startsWith('weights['));

    const logger = new RecordingLogger();
    const discovery: MemberDiscovery = {
      attach(membership: PoolMembership) {
        membership.add(one);
        membership.add(two);
      },
    };
    const p = pool({ discovery, logger, weights: { [one]: 2, [noPath]: 3 } });
    await p.ready();
    await waitFor('the warning', () => weightWarnings(logger).length > 0);
    assert.deepEqual(weightWarnings(logger), [warned]);
    assert.deepEqual(
      p.stats().map((s) => s.weight),
      [2, 1],
    );
    p.add(three);
    p.remove(two);
    p.add(two);
    await turn();
    assert.deepEqual(weightWarnings(logger), [warned], 'once per key, however members come and go');

    // A first membership with no member: the keys are checked when members arrive, all together.
    const later = new RecordingLogger();
    const empty = pool({
      discovery: { attach: () => undefined },
      logger: later,
      weights: { [one]: 2, [noPath]: 3 },
    });
    await empty.ready();
    await turn();
    assert.deepEqual(weightWarnings(later), []);
    empty.add(one);
    empty.add(two);
    await waitFor('the warning', () => weightWarnings(later).length > 0);
    assert.deepEqual(weightWarnings(later), [warned]);
  });

  it('least-request stops sending to a member that holds its calls; round-robin keeps its share', async () => {
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = new Tagged('slow', gate);
    const urls = [await member(new Tagged('fast1')), await member(slow), await member(new Tagged('fast2'))];
    /** 99 calls one after the other; a call parked on the held member is left waiting. */
    const run = async (p: HighAvailabilityProxy): Promise<Promise<unknown>[]> => {
      const parked: Promise<unknown>[] = [];
      for (let i = 0; i < 99; i++) {
        const before = slow.calls;
        const state = { settled: false };
        const call = p.invoke('who', []).finally(() => {
          state.settled = true;
        });
        await waitFor(
          'an answer, or a call parked on the held member',
          () => state.settled || slow.calls > before,
        );
        if (!state.settled) parked.push(call);
      }
      return parked;
    };
    const lr = pool({ members: urls, balancer: 'least-request' });
    const lrParked = await run(lr);
    const lrHeld = slow.calls;
    const rr = pool({ members: urls, balancer: 'round-robin' });
    const rrParked = await run(rr);
    const rrHeld = slow.calls - lrHeld;
    release();
    await Promise.all([...lrParked, ...rrParked]);
    // Once one call sits on it, the held member loses every draw against the idle ones.
    assert.ok(lrHeld <= 1, `least-request sent ${lrHeld} calls to the held member`);
    assert.equal(rrHeld, 33, 'round-robin sends every third call there');
  });

  it('a context file chooses the policy, the weights, hedging and stall detection; check refuses an unknown policy and a backoff capped below its first delay', async () => {
    const a = new Tagged('a');
    const b = new Tagged('b');
    const [urlA, urlB] = [await member(a), await member(b)];
    const file = join(dir, 'pool.yaml');
    await writeFile(
      file,
      `objects:
  - object: pool
    class: HighAvailabilityProxy
    properties:
      members: ['${urlA}', '${urlB}']
      balancer: least-request
      weights: {'${urlB}': 2}
      hedging: {delayMs: 100}
      retryBackoff: {initialMs: 10, maxMs: 100}
      outlierDetection: {stallMs: 500, checkTimeoutMs: 1000}
`,
    );
    const checked = await runSpindle(['check', file]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    const ctx = await ApplicationContext.load([file]);
    try {
      const proxy = await ctx.getAsync<{ who(): Promise<string> }>('pool');
      const p = invokerOf(proxy);
      assert.ok(p instanceof HighAvailabilityProxy);
      assert.deepEqual(
        p.stats().map((s) => s.weight),
        [1, 2],
      );
      assert.ok(['a', 'b'].includes(await proxy.who()));
    } finally {
      await ctx.close();
    }
    const bad = join(dir, 'bad.yaml');
    await writeFile(
      bad,
      `objects:
  - object: pool
    class: HighAvailabilityProxy
    properties:
      members: ['${urlA}']
      balancer: random
      retryBackoff: {initialMs: 50, maxMs: 10}
`,
    );
    const refused = await runSpindle(['check', bad]);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout + refused.stderr, /balancer/);
    assert.match(
      refused.stdout + refused.stderr,
      /retryBackoff\.maxMs \(10\) must be >= retryBackoff\.initialMs \(50\)/,
    );
  });
});
