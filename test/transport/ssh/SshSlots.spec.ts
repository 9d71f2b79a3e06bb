import assert from 'node:assert/strict';

import { SshSlots } from '../../../src/transport/ssh/SshSlots.js';
import { assertTransportError, rejectionOf } from '../../helpers/rejections.js';

/** A slot request that gives up after `ms` (30 s by default). */
function within(
  ms = 30_000,
  signal?: AbortSignal,
): { deadline: number; timeoutMs: number; signal?: AbortSignal } {
  return { deadline: performance.now() + ms, timeoutMs: ms, ...(signal === undefined ? {} : { signal }) };
}

/** `promise`, noting in `granted` (under `name`) when it resolves. */
function note(granted: string[], name: string, promise: Promise<void>): Promise<void> {
  return promise.then(() => {
    granted.push(name);
  });
}

/** Lets every pending promise reaction run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

// The window these close is synchronous (between a release and the woken
// waiter's next microtask), which no call through ssh can hit on purpose:
// the real-sshd behaviour is in SshQueue.spec.ts.
describe('SshSlots: the ssh channel slot queue', () => {
  it('hands a freed slot to the first waiter: a call made in the same tick queues behind it', async () => {
    const slots = new SshSlots(1, 'ssh://test/');
    const granted: string[] = [];
    await slots.acquire(within());
    const first = note(granted, 'B', slots.acquire(within()));
    const second = note(granted, 'C', slots.acquire(within()));
    slots.release();
    const newcomer = note(granted, 'D', slots.acquire(within()));
    await settle();
    assert.deepEqual(granted, ['B']);
    assert.equal(slots.queued, 2);
    slots.release();
    slots.release();
    await Promise.all([first, second, newcomer]);
    assert.deepEqual(granted, ['B', 'C', 'D']);
  });

  it('skips a waiter whose deadline passed (failed, not sent) and gives the slot to the next', async () => {
    const slots = new SshSlots(1, 'ssh://test/');
    await slots.acquire(within());
    const expired = slots.acquire({ deadline: performance.now() - 1, timeoutMs: 5, signal: undefined });
    const next = slots.acquire(within());
    slots.release();
    assertTransportError(await rejectionOf(expired), 'SPINDLE_CLIENT_TIMEOUT', 'not-executed');
    await next;
    assert.equal(slots.queued, 0);
  });

  it('takes an aborted or timed-out waiter out of the queue, and the slot count stays right', async () => {
    const slots = new SshSlots(1, 'ssh://test/');
    const controller = new AbortController();
    await slots.acquire(within());
    const aborted = slots.acquire(within(30_000, controller.signal));
    const timedOut = slots.acquire(within(20));
    controller.abort();
    assertTransportError(await rejectionOf(aborted), 'SPINDLE_CLIENT_ABORTED', 'not-executed');
    assertTransportError(await rejectionOf(timedOut), 'SPINDLE_CLIENT_TIMEOUT', 'not-executed');
    assert.equal(slots.queued, 0);
    slots.release();
    await slots.acquire(within()); // free again at once: nobody kept the slot
    assert.equal(slots.queued, 0);
  });
});
