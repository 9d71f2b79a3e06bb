import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

import { CALL_CHANNEL_NAMES, Fault, ServiceDispatcher } from '../../../src/index.js';
import { decodeResponse, encodeCall } from '../../../src/entries/codec.js';
import type { ServerCallEnd } from '../../../src/index.js';

/** The decoded answer: the value, or the Fault it carried. */
async function outcome(
  dispatcher: ServiceDispatcher,
  method: string,
  ...params: unknown[]
): Promise<unknown> {
  try {
    return decodeResponse(await dispatcher.handle(encodeCall(method, params)));
  } catch (error) {
    if (error instanceof Fault) return error;
    throw error;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('ServiceDispatcher call timeouts and synchronous answers', () => {
  it('times out each of several overlapping stuck calls at its own deadline, and lets in-time calls through', async () => {
    // 400 ms: the in-time call (10 ms) answers well inside it even when a loaded machine
    // delays its timer; the lower bounds below hold whatever the load (timers never fire early).
    const dispatcher = new ServiceDispatcher({ callTimeoutMs: 400 });
    dispatcher.registerFunction('never', () => new Promise(() => undefined));
    dispatcher.registerFunction('soon', async (ms: number) => {
      await delay(ms);
      return ms;
    });
    const began = performance.now();
    const first = outcome(dispatcher, 'never').then((value) => [value, performance.now() - began] as const);
    await delay(200);
    const second = outcome(dispatcher, 'never').then((value) => [value, performance.now() - began] as const);
    const inTime = outcome(dispatcher, 'soon', 10);
    const [[firstFault, firstAt], [secondFault, secondAt], quick] = await Promise.all([
      first,
      second,
      inTime,
    ]);
    assert.equal(quick, 10);
    for (const fault of [firstFault, secondFault]) {
      assert.ok(fault instanceof Fault);
      assert.equal(fault.faultCode, -32603);
      assert.match(fault.faultString, /did not finish within 400 ms/);
    }
    // Each stuck call got its full time (a shared timer must not cut the later one short).
    assert.ok(firstAt >= 395, `first timed out after ${firstAt} ms`);
    assert.ok(secondAt >= 200 + 395, `second timed out after ${secondAt} ms`);
    // And a call that settles later, once the timer went quiet, still gets its answer.
    assert.equal(await outcome(dispatcher, 'soon', 5), 5);
    const late = await outcome(dispatcher, 'never');
    assert.ok(late instanceof Fault && late.faultCode === -32603);
  });

  it('answers a method that rejects after its deadline with the timeout fault only', async () => {
    const dispatcher = new ServiceDispatcher({ callTimeoutMs: 30 });
    dispatcher.registerFunction('slowFail', async () => {
      await delay(80);
      throw new Error('too late to matter');
    });
    const fault = await outcome(dispatcher, 'slowFail');
    assert.ok(fault instanceof Fault);
    assert.equal(fault.faultCode, -32603);
    await delay(80); // the late rejection must not surface anywhere (mocha fails on unhandled ones)
  });

  it('turns a thenable whose then() throws into a fault, with and without a timeout', async () => {
    for (const callTimeoutMs of [0, 1000]) {
      const dispatcher = new ServiceDispatcher({ callTimeoutMs });
      dispatcher.registerFunction('odd', () => ({
        then(): never {
          throw new Error('broken thenable');
        },
      }));
      const fault = await outcome(dispatcher, 'odd');
      assert.ok(fault instanceof Fault, String(fault));
      assert.equal(fault.faultCode, -32500);
      assert.match(fault.faultString, /broken thenable/);
    }
  });

  it('respond() gives the answer bytes at once for a plain method and a promise for an async one', async () => {
    const dispatcher = new ServiceDispatcher();
    dispatcher.registerFunction('add', (a: number, b: number) => a + b);
    dispatcher.registerFunction('later', async (a: number) => Promise.resolve(a * 2));
    const now = dispatcher.respond(encodeCall('add', [2, 3]));
    assert.ok(Buffer.isBuffer(now));
    assert.equal(decodeResponse(now), 5);
    const later = dispatcher.respond(encodeCall('later', [4]));
    assert.ok(later instanceof Promise);
    assert.equal(decodeResponse(await later), 8);
    const broken = dispatcher.respond(Buffer.from('<methodCall>'));
    assert.ok(Buffer.isBuffer(broken));
    assert.throws(() => decodeResponse(broken), Fault);
  });

  it('publishes call ends for synchronous, async and timed-out calls alike', async () => {
    const ends: ServerCallEnd[] = [];
    const listener = (message: unknown): void => {
      ends.push(message as ServerCallEnd);
    };
    subscribe(CALL_CHANNEL_NAMES.serverEnd, listener);
    try {
      const dispatcher = new ServiceDispatcher({ name: 'Timed', callTimeoutMs: 30 });
      dispatcher.registerFunction('add', (a: number, b: number) => a + b);
      dispatcher.registerFunction('later', async () => Promise.resolve('x'));
      dispatcher.registerFunction('never', () => new Promise(() => undefined));
      await outcome(dispatcher, 'add', 1, 2);
      await outcome(dispatcher, 'later');
      await outcome(dispatcher, 'never');
      const mine = ends.filter((end) => end.service === 'Timed');
      assert.deepEqual(
        mine.map((end) => [end.method, end.outcome, end.faultCode]),
        [
          ['add', 'result', undefined],
          ['later', 'result', undefined],
          ['never', 'fault', -32603],
        ],
      );
    } finally {
      unsubscribe(CALL_CHANNEL_NAMES.serverEnd, listener);
    }
  });
});
