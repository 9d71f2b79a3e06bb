import assert from 'node:assert/strict';

import { Fault, ServiceDispatcher } from '../../../src/index.js';
import { decodeResponse, encodeCall, encodeResponse } from '../../../src/entries/codec.js';
import type { ServiceDispatcherOptions } from '../../../src/index.js';

interface FaultStruct {
  readonly faultCode: number;
  readonly faultString: string;
}

/** A service that records what ran and returns strings of the length asked for. */
class Blobs {
  public readonly ran: number[] = [];

  public blob(n: number): string {
    this.ran.push(n);
    return 'x'.repeat(n);
  }

  public fail(message: string): never {
    throw new Fault(4242, message);
  }

  public nothing(): () => void {
    return () => undefined; // a function: not an XML-RPC value
  }
}

function dispatcherOf(service: Blobs, options: ServiceDispatcherOptions = {}): ServiceDispatcher {
  const dispatcher = new ServiceDispatcher(options);
  dispatcher.registerInstance(service);
  return dispatcher;
}

async function answer(dispatcher: ServiceDispatcher, method: string, ...params: unknown[]): Promise<Buffer> {
  return dispatcher.handle(encodeCall(method, params));
}

function faultOf(body: Buffer): Fault {
  try {
    decodeResponse(body);
  } catch (error) {
    assert.ok(error instanceof Fault, String(error));
    return error;
  }
  assert.fail(`expected a fault: ${body.toString().slice(0, 200)}`);
}

const entry = (methodName: string, ...params: unknown[]): Record<string, unknown> => ({ methodName, params });

describe('ServiceDispatcher maxResponseBytes', () => {
  it('defaults to 16 MiB, what a Spindle client reads by default', () => {
    assert.equal(new ServiceDispatcher().maxResponseBytes, 16 * 1024 * 1024);
    assert.throws(() => new ServiceDispatcher({ maxResponseBytes: 0 }), {
      code: 'SPINDLE_INVALID_ARGUMENT',
      message: /maxResponseBytes/,
    });
  });

  it('sends a result of exactly the limit, and answers one byte more with fault −32603 naming the limit', async () => {
    const size = encodeResponse('x'.repeat(5000)).length;
    const service = new Blobs();
    const exact = await answer(dispatcherOf(service, { maxResponseBytes: size }), 'blob', 5000);
    assert.equal(exact.length, size);
    assert.equal(decodeResponse(exact), 'x'.repeat(5000));

    const tight = dispatcherOf(service, { maxResponseBytes: size - 1 });
    const fault = faultOf(await answer(tight, 'blob', 5000));
    assert.equal(fault.faultCode, -32603);
    assert.match(fault.faultString, new RegExp(`maxResponseBytes \\(${size - 1} bytes\\)`));
    assert.match(fault.faultString, /the method ran/);
    assert.deepEqual(service.ran, [5000, 5000], 'the refused result was computed: the fault says so');
  });

  it('refuses a result far beyond the limit and keeps answering', async () => {
    const service = new Blobs();
    const dispatcher = dispatcherOf(service, { maxResponseBytes: 64 * 1024 });
    const fault = faultOf(await answer(dispatcher, 'blob', 20 * 1024 * 1024));
    assert.match(fault.faultString, /maxResponseBytes \(65536 bytes\)/);
    // The dispatcher still answers, and small results still go out whole.
    assert.equal(decodeResponse(await answer(dispatcher, 'blob', 10)), 'x'.repeat(10));
  });

  describe('system.multicall', () => {
    it('answers with the same bytes as before for results that fit', async () => {
      const service = new Blobs();
      const body = await answer(dispatcherOf(service), 'system.multicall', [
        entry('blob', 3),
        entry('fail', 'no'),
        entry('nope'),
        'not a struct',
        entry('system.multicall', []),
        entry('nothing'),
      ]);
      const expected = encodeResponse([
        ['xxx'],
        { faultCode: 4242, faultString: 'no' },
        { faultCode: -32601, faultString: "method 'nope' is not supported" },
        {
          faultCode: -32600,
          faultString: 'a multicall entry is a struct with methodName and params (array)',
        },
        { faultCode: -32600, faultString: 'recursive system.multicall is forbidden' },
        { faultCode: -32603, faultString: 'cannot serialize the result of nothing' },
      ]);
      assert.equal(body.toString(), expected.toString());
    });

    it('counts the entries together: the one that does not fit ran, those after it did not', async () => {
      const service = new Blobs();
      const dispatcher = dispatcherOf(service, { maxResponseBytes: 10_000 });
      const body = await answer(dispatcher, 'system.multicall', [
        entry('blob', 3000),
        entry('blob', 3001),
        entry('blob', 4002), // ~3 KB + ~3 KB + ~4 KB: the third no longer fits
        entry('blob', 3),
        entry('blob', 4),
      ]);
      assert.ok(body.length <= 10_000, `${body.length} bytes: the whole response stays within the limit`);
      const results = decodeResponse(body) as unknown[];
      assert.deepEqual(results.slice(0, 2), [['x'.repeat(3000)], ['x'.repeat(3001)]]);
      const [ranButDropped, notRun, notRunEither] = results.slice(2) as [
        FaultStruct,
        FaultStruct,
        FaultStruct,
      ];
      assert.equal(ranButDropped.faultCode, -32603);
      assert.match(
        ranButDropped.faultString,
        /^entry 2 ran, but its result was not sent: .* maxResponseBytes \(10000 bytes\)$/,
      );
      assert.equal(notRun.faultCode, -32603);
      assert.equal(
        notRun.faultString,
        'entry 3 was not run: the response reached maxResponseBytes (10000 bytes)',
      );
      assert.match(notRunEither.faultString, /^entry 4 was not run/);
      assert.deepEqual(service.ran, [3000, 3001, 4002], 'entries 3 and 4 never ran; entry 2 did');
    });

    it('refuses, before running any entry, a multicall whose faults alone could not fit', async () => {
      const service = new Blobs();
      const dispatcher = dispatcherOf(service, { maxResponseBytes: 2000 });
      const entries = Array.from({ length: 50 }, () => entry('blob', 1));
      const fault = faultOf(await answer(dispatcher, 'system.multicall', entries));
      assert.equal(fault.faultCode, -32603);
      assert.match(
        fault.faultString,
        /50 calls cannot be answered within maxResponseBytes \(2000 bytes\); none was run/,
      );
      assert.deepEqual(service.ran, []);
    });

    it('starts no entry once the multicall ran past callTimeoutMs, when its caller has the timeout fault', async () => {
      let started = 0;
      const dispatcher = new ServiceDispatcher({ callTimeoutMs: 150 });
      dispatcher.registerFunction('slow', async () => {
        started += 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
        return started;
      });
      const entries = Array.from({ length: 6 }, () => entry('slow'));
      const fault = faultOf(await answer(dispatcher, 'system.multicall', entries));
      assert.match(fault.faultString, /did not finish within 150 ms/);
      // Entry k starts 100 ms × k after the first at the earliest: past 150 ms, from the third on.
      // All six would be done 600 ms after the start; wait well past that.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      assert.ok(started >= 1 && started <= 2, `${started} entries started`);
    });

    it('counts faults against the limit too, and keeps serving afterwards', async () => {
      const service = new Blobs();
      const dispatcher = dispatcherOf(service, { maxResponseBytes: 4000 });
      const results = decodeResponse(
        await answer(dispatcher, 'system.multicall', [entry('fail', 'y'.repeat(5000)), entry('blob', 1)]),
      ) as FaultStruct[];
      assert.match(results[0]?.faultString ?? '', /^entry 0 ran, but its result was not sent/);
      assert.match(results[1]?.faultString ?? '', /^entry 1 was not run/);
      assert.deepEqual(service.ran, []);
      assert.deepEqual(decodeResponse(await answer(dispatcher, 'system.multicall', [entry('blob', 2)])), [
        ['xx'],
      ]);
    });
  });
});
