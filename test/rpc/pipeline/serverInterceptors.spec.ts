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
import type { Remote, ServerCall, ServerInterceptor } from '../../../src/index.js';
import { waitFor } from '../../discovery/harness/wait.js';
import { RecordingLogger } from '../../helpers/RecordingLogger.js';
import { rejectionOf } from '../../helpers/rejections.js';
import { afterRejectionChecks, recordingUnhandledRejections } from '../../helpers/unhandledRejections.js';

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

describe('server interceptors: next is single-use and never left unhandled', () => {
  class Ledger {
    public runs = 0;
    public gate: { fail: (error: Error) => void } | undefined;

    /** Not idempotent: each run is one more entry. */
    public append(): number {
      return ++this.runs;
    }

    public fail(): never {
      throw new Error('boom');
    }

    /** Fails once the test says so, after the interceptor has already answered. */
    public failLater(): Promise<never> {
      return new Promise((_resolve, reject) => {
        this.gate = { fail: reject };
      });
    }
  }

  async function serve(
    interceptors: ServerInterceptor[],
    body: (proxy: Remote<Ledger>, ledger: Ledger, logger: RecordingLogger) => Promise<void>,
  ): Promise<void> {
    const ledger = new Ledger();
    const logger = new RecordingLogger();
    const exporter = new XmlRpcServiceExporter({
      service: ledger,
      serviceName: 'Ledger',
      servicePort: 0,
      interceptors,
      logger,
    });
    const proxy = createProxy<Ledger>(await exporter.start());
    try {
      await body(proxy, ledger, logger);
    } finally {
      await invokerOf(proxy).close();
      await exporter.close();
    }
  }

  /** The warnings about a failed next() an interceptor did not await, as `level message {fields}` lines. */
  const dropped = (logger: RecordingLogger): string[] =>
    logger.lines.filter((line) => line.includes('without awaiting'));

  it('refuses a second next() naming the interceptor, and does not run the method again', async () => {
    const passThrough: ServerInterceptor = (_call, next) => next();
    const twice: ServerInterceptor = async (_call, next) => {
      await next().catch(() => undefined);
      return next();
    };
    await serve([passThrough, twice], async (proxy, ledger) => {
      const error = await rejectionOf(proxy.append());
      assert.ok(error instanceof Fault);
      assert.match(error.faultString, /interceptors\[1\] called next\(\) a second time/);
      assert.equal(ledger.runs, 1, 'the non-idempotent method ran once');
    });
  });

  it('a next() the interceptor dropped is handled: the server logs its error, nothing is unhandled', async () => {
    const forgetful: ServerInterceptor = (_call, next) => {
      void next();
      return Promise.resolve('looks fine');
    };
    await recordingUnhandledRejections(async (unhandled) => {
      await serve([forgetful], async (proxy, ledger, logger) => {
        assert.equal<unknown>(await proxy.fail(), 'looks fine', "the caller gets the interceptor's answer");
        const pending = proxy.failLater();
        assert.equal<unknown>(await pending, 'looks fine');
        await waitFor('the method to start', () => ledger.gate !== undefined, 5000);
        ledger.gate?.fail(new Error('late boom'));
        await waitFor('both warnings', () => dropped(logger).length === 2, 5000);
        await afterRejectionChecks();
        assert.deepEqual(unhandled, []);
        const [first, second] = dropped(logger);
        assert.match(
          first ?? '',
          /^warn .*"method":"fail".*"interceptor":"interceptors\[0\]","error":"Error: boom/,
        );
        assert.match(second ?? '', /^warn .*"method":"failLater".*"error":"Error: late boom/);
      });
    });
  });

  it('an interceptor that awaits next() and handles its error gets no warning', async () => {
    const fallback: ServerInterceptor = async (_call, next) => {
      try {
        return await next();
      } catch {
        return 'fallback';
      }
    };
    await serve([fallback], async (proxy, _ledger, logger) => {
      assert.equal<unknown>(await proxy.fail(), 'fallback');
      assert.deepEqual(dropped(logger), []);
    });
  });
});
