import assert from 'node:assert/strict';

import { TransportError } from '../../src/rpc/TransportError.js';
import { Backoff } from '../../src/ha/Backoff.js';
import { EjectionPolicy } from '../../src/ha/EjectionPolicy.js';
import { idempotentMethods } from '../../src/ha/IdempotencyCatalog.js';
import { RetryBudget } from '../../src/ha/RetryBudget.js';

/** A seeded generator (mulberry32), so the jittered schedule is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const refused = new TransportError('SPINDLE_CLIENT_CONNECT_FAILED', 'refused', 'not-executed', 'http://x');
const reset = new TransportError('SPINDLE_CLIENT_CONNECTION_LOST', 'reset', 'unknown', 'http://x');

describe('ha policies', () => {
  describe('Backoff (gRPC connection backoff)', () => {
    it('follows 1 s, ×1.6, capped at 120 s before jitter', () => {
      const backoff = new Backoff();
      const bases = Array.from({ length: 14 }, (_, n) => Math.round(backoff.base(n)));
      assert.deepEqual(
        bases,
        [1000, 1600, 2560, 4096, 6554, 10486, 16777, 26844, 42950, 68719, 109951, 120000, 120000, 120000],
      );
      assert.equal(backoff.base(10_000), 120_000, 'a huge attempt number saturates instead of overflowing');
    });

    it('spreads each delay within ±20 % of the schedule, reproducibly with a seeded jitter', () => {
      const first = new Backoff({ random: seeded(42) });
      const second = new Backoff({ random: seeded(42) });
      const delays = Array.from({ length: 20 }, (_, n) => first.delay(n));
      assert.deepEqual(
        Array.from({ length: 20 }, (_, n) => second.delay(n)),
        delays,
      );
      delays.forEach((delay, n) => {
        const base = first.base(n);
        assert.ok(
          delay >= base * 0.8 - 1e-9 && delay <= base * 1.2 + 1e-9,
          `attempt ${n}: ${delay} vs ${base}`,
        );
      });
      assert.ok(new Set(delays.map((d, n) => d / first.base(n))).size > 10, 'the jitter actually varies');
    });

    it('takes its schedule from options and refuses nonsense', () => {
      const backoff = new Backoff({ initialMs: 100, multiplier: 2, maxMs: 500, jitter: 0 });
      assert.deepEqual(
        [0, 1, 2, 3, 4].map((n) => backoff.delay(n)),
        [100, 200, 400, 500, 500],
      );
      assert.throws(() => new Backoff({ multiplier: 0.5 }), { code: 'SPINDLE_INVALID_ARGUMENT' });
      assert.throws(() => new Backoff({ jitter: 1 }), { code: 'SPINDLE_INVALID_ARGUMENT' });
      assert.throws(() => new Backoff({ initialMs: 10, maxMs: 5 }), { code: 'SPINDLE_INVALID_ARGUMENT' });
    });
  });

  describe('RetryBudget (Finagle: 20 % of calls + 10/s over 10 s)', () => {
    it('allows the reserve of 10/s × 10 s with no traffic, then nothing', () => {
      const now = 1_000_000;
      const budget = new RetryBudget({ now: () => now });
      assert.equal(budget.balance(), 100);
      let granted = 0;
      for (let i = 0; i < 150; i++) if (budget.tryWithdraw()) granted += 1;
      assert.equal(granted, 100);
      assert.equal(budget.balance(), 0);
    });

    it('earns one retry per five calls on top of the reserve', () => {
      const now = 5_000;
      const budget = new RetryBudget({ now: () => now, minRetriesPerSecond: 0 });
      for (let i = 0; i < 1000; i++) budget.deposit();
      assert.equal(budget.balance(), 200);
      let granted = 0;
      for (let i = 0; i < 500; i++) if (budget.tryWithdraw()) granted += 1;
      assert.equal(granted, 200);
    });

    it('forgets deposits and withdrawals older than its ttl', () => {
      let now = 0;
      const budget = new RetryBudget({
        now: () => now,
        ttlMs: 1000,
        minRetriesPerSecond: 2,
        percentCanRetry: 0.5,
      });
      assert.equal(budget.balance(), 2);
      for (let i = 0; i < 10; i++) budget.deposit();
      assert.equal(budget.balance(), 7);
      while (budget.tryWithdraw());
      assert.equal(budget.balance(), 0);
      now = 1100;
      assert.equal(budget.balance(), 2, 'after one ttl only the reserve is left');
    });

    it('never goes negative and an empty budget refuses every retry', () => {
      const budget = RetryBudget.empty();
      assert.equal(budget.tryWithdraw(), false);
      assert.equal(budget.balance(), 0);
      assert.throws(() => new RetryBudget({ ttlMs: 100 }), { code: 'SPINDLE_INVALID_ARGUMENT' });
    });
  });

  describe('EjectionPolicy', () => {
    it('ejects after 5 failures in a row, and at once when a member refuses connections', () => {
      const policy = new EjectionPolicy();
      const pool = { total: 4, ejected: 0 };
      assert.equal(policy.shouldEject({ consecutiveFailures: 4 }, reset, pool), false);
      assert.equal(policy.shouldEject({ consecutiveFailures: 5 }, reset, pool), true);
      assert.equal(policy.shouldEject({ consecutiveFailures: 1 }, refused, pool), true);
    });

    it('holds failure-count ejections to the configured share, and never the last healthy member', () => {
      const policy = new EjectionPolicy({ maxEjectedShare: 0.5 });
      const failing = { consecutiveFailures: 9 };
      assert.equal(policy.shouldEject(failing, reset, { total: 10, ejected: 4 }), true);
      assert.equal(policy.shouldEject(failing, reset, { total: 10, ejected: 5 }), false);
      assert.equal(policy.shouldEject(failing, reset, { total: 3, ejected: 0 }), true);
      assert.equal(policy.shouldEject(failing, reset, { total: 3, ejected: 1 }), false);
      assert.equal(policy.shouldEject(failing, reset, { total: 1, ejected: 0 }), false, 'never the last');
      const all = new EjectionPolicy({ maxEjectedShare: 1 });
      assert.equal(all.shouldEject(failing, reset, { total: 2, ejected: 1 }), false, 'never the last');
      const none = new EjectionPolicy({ maxEjectedShare: 0 });
      assert.equal(none.shouldEject(failing, reset, { total: 10, ejected: 0 }), false);
    });

    it('still ejects a member that refuses connections when the share is used up', () => {
      const policy = new EjectionPolicy({ maxEjectedShare: 0.1 });
      assert.equal(policy.shouldEject({ consecutiveFailures: 1 }, refused, { total: 3, ejected: 2 }), true);
      const patient = new EjectionPolicy({ ejectOnConnectFailure: false });
      assert.equal(patient.shouldEject({ consecutiveFailures: 1 }, refused, { total: 3, ejected: 0 }), false);
    });
  });

  describe('idempotentMethods', () => {
    it('reads the spindle.idempotent capability and ignores anything else', () => {
      const caps = { 'spindle.idempotent': { specUrl: 'x', specVersion: 1, methods: ['echo', 7, 'get'] } };
      assert.deepEqual(idempotentMethods(caps), ['echo', 'get']);
      assert.deepEqual(idempotentMethods({ faults_interop: {} }), []);
      assert.deepEqual(idempotentMethods(null), []);
      assert.deepEqual(idempotentMethods({ 'spindle.idempotent': 'echo' }), []);
    });
  });
});
