import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SshInvoker } from '../../../src/index.js';
import { assertTransportError, rejectionOf } from '../../helpers/rejections.js';
import { bridgeCommand, TestSshd } from '../../helpers/sshd.js';
import { writeCalculatorContext } from './fixtures/context.js';
import { eventually, processesMentioning } from './processes.js';

/** A call's promise, with when and how it ended, in the order calls end. */
interface Tracked {
  readonly name: string;
  readonly started: number;
  ended?: number;
  readonly done: Promise<unknown>;
}

describe('ssh:// calls waiting for a slot (maxConcurrentCalls) against a real sshd', function () {
  this.timeout(60_000);
  let sshd: TestSshd;
  let work: string;
  let contextFile: string;
  const invokers: SshInvoker[] = [];
  /** Names of the calls that ended (resolved or rejected), in order. */
  let ended: string[];

  /** A client with one ssh slot, closed in afterEach. */
  const oneSlot = (): SshInvoker => {
    const invoker = new SshInvoker(sshd.url('/Calculator'), {
      timeoutMs: 30_000,
      ssh: sshd.sshOptions({ maxConcurrentCalls: 1 }),
    });
    invokers.push(invoker);
    return invoker;
  };

  /** Starts `invoke` now (it takes or queues for a slot at once) and notes when it ends. */
  const track = (name: string, invoke: () => Promise<unknown>): Tracked => {
    const started = performance.now();
    const tracked: Tracked = {
      name,
      started,
      done: invoke().finally(() => {
        tracked.ended = performance.now();
        ended.push(name);
      }),
    };
    return tracked;
  };

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'spindle-ssh-queue-'));
    contextFile = await writeCalculatorContext(work);
    sshd = await TestSshd.start(bridgeCommand(contextFile));
  });
  beforeEach(() => {
    ended = [];
  });
  afterEach(async () => {
    await Promise.all(invokers.splice(0).map((invoker) => invoker.close()));
  });
  after(async () => {
    await sshd.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('starts waiting calls in the order they came, and a call made as a slot frees queues behind them', async () => {
    const calculator = oneSlot();
    const slow = track('A', () => calculator.invoke('sleep', [1000]));
    // Made when A's result arrives, right after its slot was handed on: it must not overtake B or C.
    const afterSlow = slow.done.then(async () => track('D', () => calculator.invoke('echo', ['D'])).done);
    const second = track('B', () => calculator.invoke('echo', ['B']));
    const third = track('C', () => calculator.invoke('echo', ['C']));
    assert.deepEqual(await Promise.all([slow.done, second.done, third.done, afterSlow]), [
      'woke up',
      'B',
      'C',
      'D',
    ]);
    // One slot: a call ends before the next one starts, so the order they ended is the order they started.
    assert.deepEqual(ended, ['A', 'B', 'C', 'D']);
  });

  it("bounds the wait and the run by the call's own timeout, and the slot still serves afterwards", async () => {
    const calculator = oneSlot();
    const holder = track('holder', () => calculator.invoke('sleep', [4000]));
    const impatient = track('impatient', () => calculator.invoke('add', [1, 2], { timeoutMs: 1000 }));
    // Gets the slot after the holder (about 4 s in) and runs on what is left of its 6 s, not 6 s more.
    const slow = track('slow', () => calculator.invoke('sleep', [12_000], { timeoutMs: 6000 }));

    const waitError = await rejectionOf(impatient.done);
    assertTransportError(waitError, 'SPINDLE_CLIENT_TIMEOUT', 'not-executed', /not sent/);
    assert.equal(holder.ended, undefined, 'the waiter gave up while the slot was still held');
    // Timers never fire early (1 ms for rounding between clocks).
    assert.ok((impatient.ended ?? 0) - impatient.started >= 999, 'not before its timeout');
    assert.equal(await holder.done, 'woke up');

    const runError = await rejectionOf(slow.done);
    // 'unknown' once it got the slot; 'not-executed' if a loaded machine kept the holder past 6 s.
    assert.ok(runError instanceof Error && 'code' in runError);
    assert.equal(runError.code, 'SPINDLE_CLIENT_TIMEOUT', runError.message);
    const took = (slow.ended ?? 0) - slow.started;
    // The wait counted: restarting the clock at the slot would take at least 4 + 6 s.
    assert.ok(took < 6000 + 3500, `ended ${Math.round(took)} ms after it was made`);

    assert.equal(await calculator.invoke('add', [2, 2]), 4, 'no slot was lost');
  });

  it('takes a call aborted while it waits out of the queue: not executed, and the next waiter runs', async () => {
    const calculator = oneSlot();
    const controller = new AbortController();
    const holder = track('holder', () => calculator.invoke('sleep', [1500]));
    const aborted = track('aborted', () => calculator.invoke('add', [1, 2], { signal: controller.signal }));
    const next = track('next', () => calculator.invoke('echo', ['next']));
    setTimeout(() => {
      controller.abort();
    }, 200).unref();

    const error = await rejectionOf(aborted.done);
    assertTransportError(error, 'SPINDLE_CLIENT_ABORTED', 'not-executed', /before it was sent/);
    assert.equal(holder.ended, undefined, 'aborted while it waited');
    assert.equal(await next.done, 'next');
    assert.deepEqual(ended, ['aborted', 'holder', 'next']);
    assert.equal(await calculator.invoke('add', [3, 4]), 7, 'no slot was lost');
  });

  it('fails the calls still waiting at close(): SPINDLE_CLOSED, not executed', async () => {
    const calculator = oneSlot();
    const holder = track('holder', () => calculator.invoke('sleep', [5000]));
    const waiter = track('waiter', () => calculator.invoke('add', [1, 2]));
    // Once the holder's ssh runs, so that close() stops a process, not a call that has not started.
    let dir: string | undefined;
    const running = async (): Promise<boolean> => {
      dir ??= await calculator.controlDirectory();
      return dir !== undefined && processesMentioning(`ControlPath=${dir}`).length > 0;
    };
    assert.ok(await eventually(running), 'the holder runs');
    const errors = Promise.all([rejectionOf(waiter.done), rejectionOf(holder.done)]);
    await calculator.close();
    const [waitError, runError] = await errors;
    assertTransportError(waitError, 'SPINDLE_CLOSED', 'not-executed', /before the call was sent/);
    assertTransportError(runError, 'SPINDLE_CLOSED', 'unknown');
  });
});
