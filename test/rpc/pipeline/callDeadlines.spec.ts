import assert from 'node:assert/strict';

import { CallDeadlines } from '../../../src/rpc/server/CallDeadlines.js';

describe('CallDeadlines with per-call deadlines (a caller’s shorter Spindle-Timeout)', () => {
  it('expires calls in deadline order whatever order they were added in, and never a settled one', async () => {
    const deadlines = new CallDeadlines(30_000);
    const expired: string[] = [];
    const now = performance.now();
    const done = new Promise<void>((resolve) => {
      deadlines.add(() => {
        expired.push('late');
        resolve();
      }, now + 300);
      deadlines.add(() => expired.push('default'));
      deadlines.add(() => expired.push('early'), now + 50);
      const settled = deadlines.add(() => expired.push('settled'), now + 100);
      deadlines.add(() => expired.push('middle'), now + 150);
      assert.equal(deadlines.settle(settled), true);
    });
    await done;
    assert.deepEqual(expired, ['early', 'middle', 'late'], 'the 30 s default is still pending');
  });

  it('fires an earlier deadline added after a later one without waiting for the later one', async () => {
    const deadlines = new CallDeadlines(60_000);
    const began = performance.now();
    deadlines.add(() => undefined); // arms the timer for 60 s
    const firedAfter = await new Promise<number>((resolve) => {
      deadlines.add(() => {
        resolve(performance.now() - began);
      }, began + 20);
    });
    // Generous for a loaded machine; the point is that it did not wait for the 60 s timer.
    assert.ok(firedAfter < 30_000, `fired after ${firedAfter} ms`);
  });
});
