import assert from 'node:assert/strict';

import {
  createProxy,
  currentCall,
  Fault,
  invokerOf,
  MultiCall,
  SpindleError,
  XmlRpcServiceExporter,
} from '../../../src/index.js';
import type { ServerCall, ServerInterceptor } from '../../../src/index.js';
import { rejectionOf } from '../../helpers/rejections.js';

class Calculator {
  public add(a: number, b: number): number {
    return a + b;
  }

  public async slowAdd(a: number, b: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 2));
    return a + b;
  }

  public fail(): never {
    throw new Error('boom');
  }
}

/** An interceptor object, as a context file's ref gives one. */
class Recorder {
  public readonly seen: string[] = [];

  public async intercept(call: ServerCall, next: () => Promise<unknown>): Promise<unknown> {
    this.seen.push(`>${call.method}(${JSON.stringify(call.params)})`);
    try {
      const result = await next();
      this.seen.push(`<${call.method}=${JSON.stringify(result)}`);
      return result;
    } catch (error) {
      this.seen.push(`!${call.method}:${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }
}

describe('server interceptors: around every method call of an exporter', () => {
  const recorder = new Recorder();
  const order: string[] = [];
  const outer: ServerInterceptor = async (call, next) => {
    order.push(`outer ${call.method} ${String(currentCall() === call)}`);
    return next();
  };
  /** An auth check: only callers whose metadata carries the right token get through. */
  const auth: ServerInterceptor = (call, next) => {
    if (call.metadata['x-token'] !== 'let-me-in') {
      return Promise.reject(new Fault(4010, `${call.method}: not allowed`));
    }
    return next();
  };
  const doubling: ServerInterceptor = async (call, next) => {
    const result = await next();
    return call.method === 'add' ? (result as number) * 2 : result;
  };
  let exporter: XmlRpcServiceExporter;
  let url: string;

  before(async () => {
    exporter = new XmlRpcServiceExporter({
      service: new Calculator(),
      serviceName: 'Calculator',
      servicePort: 0,
      interceptors: [outer, auth, recorder, doubling],
    });
    url = await exporter.start();
  });
  after(() => exporter.close());
  beforeEach(() => {
    recorder.seen.length = 0;
    order.length = 0;
  });

  it('runs them in order, the first outermost, seeing the call, its result, and what they change', async () => {
    const proxy = createProxy<Calculator>(url, {
      interceptors: [
        (call, next) => next({ ...call, options: { ...call.options, metadata: { 'x-token': 'let-me-in' } } }),
      ],
    });
    try {
      assert.equal(await proxy.add(2, 3), 10, 'the innermost interceptor doubled the result');
      assert.equal(await proxy.slowAdd(2, 3), 5);
      assert.deepEqual(order, ['outer add true', 'outer slowAdd true']);
      assert.deepEqual(recorder.seen, ['>add([2,3])', '<add=10', '>slowAdd([2,3])', '<slowAdd=5']);
    } finally {
      await invokerOf(proxy).close();
    }
  });

  it('lets an interceptor refuse a call with its own fault: the method never runs', async () => {
    const proxy = createProxy<Calculator>(url);
    try {
      const error = await rejectionOf(proxy.add(2, 3));
      assert.ok(error instanceof Fault);
      assert.equal(error.faultCode, 4010);
      assert.deepEqual(recorder.seen, [], 'nothing inside the auth check ran');
    } finally {
      await invokerOf(proxy).close();
    }
  });

  it('shows them the error a method threw and the fault for a method that does not exist', async () => {
    const proxy = createProxy<Calculator & { missing(): Promise<void> }>(url, {
      interceptors: [(call, next) => next({ ...call, options: { metadata: { 'x-token': 'let-me-in' } } })],
    });
    try {
      const failed = await rejectionOf(proxy.fail());
      assert.ok(failed instanceof Fault);
      assert.equal(failed.faultString, 'boom');
      const missing = await rejectionOf(proxy.missing());
      assert.ok(missing instanceof Fault);
      assert.equal(missing.faultCode, -32601);
      assert.equal(missing.outcome, 'not-executed');
      assert.deepEqual(recorder.seen, [
        '>fail([])',
        '!fail:boom',
        '>missing([])',
        "!missing:<Fault -32601: method 'missing' is not supported>",
      ]);
    } finally {
      await invokerOf(proxy).close();
    }
  });

  it('runs around each entry of a system.multicall, not around the multicall itself', async () => {
    const proxy = createProxy<Calculator>(url, {
      interceptors: [(call, next) => next({ ...call, options: { metadata: { 'x-token': 'let-me-in' } } })],
    });
    try {
      const batch = new MultiCall(proxy);
      batch.add(1, 2);
      batch.slowAdd(3, 4);
      const results = await batch();
      assert.deepEqual([...results], [6, 7]);
      assert.deepEqual(recorder.seen, ['>add([1,2])', '<add=6', '>slowAdd([3,4])', '<slowAdd=7']);
    } finally {
      await invokerOf(proxy).close();
    }
  });

  it('refuses at creation anything that is not an interceptor, naming its position', () => {
    assert.throws(
      () =>
        new XmlRpcServiceExporter({
          service: new Calculator(),
          interceptors: [outer, { notIntercept: true } as unknown as ServerInterceptor],
        }),
      (error: unknown) =>
        error instanceof SpindleError &&
        error.code === 'SPINDLE_INVALID_ARGUMENT' &&
        error.message.includes('interceptors[1]'),
    );
  });
});
