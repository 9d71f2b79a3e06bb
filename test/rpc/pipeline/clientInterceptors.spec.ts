import assert from 'node:assert/strict';

import {
  createProxy,
  currentCall,
  HighAvailabilityProxy,
  invokerOf,
  SpindleError,
  XmlRpcProxyFactory,
  XmlRpcServiceExporter,
} from '../../../src/index.js';
import type { ClientCall, ClientInterceptor, ClientNext } from '../../../src/index.js';
import { waitFor } from '../../discovery/harness/wait.js';
import { closedPort } from '../../helpers/ports.js';
import { RecordingLogger } from '../../helpers/RecordingLogger.js';
import { rejectionOf } from '../../helpers/rejections.js';
import { afterRejectionChecks, recordingUnhandledRejections } from '../../helpers/unhandledRejections.js';

class Echo {
  public headers(): Readonly<Record<string, string>> {
    const metadata = currentCall()?.metadata ?? {};
    return Object.fromEntries(
      Object.entries(metadata).filter(([name]) => name.startsWith('x-') && name !== 'x-request-id'),
    );
  }

  public twice(value: number): number {
    return value * 2;
  }

  public appended = 0;

  /** Not idempotent: each call is one more entry. */
  public append(): number {
    return ++this.appended;
  }
}

/** A metrics interceptor object: counts calls and outcomes per method. */
class Counter {
  public readonly counts = new Map<string, number>();

  public async intercept(call: ClientCall, next: ClientNext): Promise<unknown> {
    try {
      const result = await next();
      this.bump(`${call.method} ok`);
      return result;
    } catch (error) {
      this.bump(`${call.method} ${(error as { code?: string }).code ?? 'error'}`);
      throw error;
    }
  }

  private bump(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}

function withHeader(name: string, value: string): ClientInterceptor {
  return (call, next) =>
    next({ ...call, options: { ...call.options, metadata: { ...call.options.metadata, [name]: value } } });
}

describe('client interceptors: around every call of a proxy or a pool', () => {
  let exporter: XmlRpcServiceExporter;
  let url: string;
  const echo = new Echo();

  before(async () => {
    exporter = new XmlRpcServiceExporter({ service: echo, serviceName: 'Echo', servicePort: 0 });
    url = await exporter.start();
  });
  after(() => exporter.close());

  it('composes them in order, the first outermost, and sends their metadata as headers the server reads', async () => {
    const order: string[] = [];
    const proxy = createProxy<Echo>(url, {
      interceptors: [
        async (call, next) => {
          order.push(`first ${call.method} ${call.target}`);
          return next();
        },
        withHeader('x-tenant', 'blue'),
        async (call, next) => {
          order.push(`last sees ${JSON.stringify(call.options.metadata)}`);
          return next();
        },
      ],
    });
    try {
      assert.deepEqual(await proxy.headers(), { 'x-tenant': 'blue' });
      assert.deepEqual(order, [`first headers ${url}`, 'last sees {"x-tenant":"blue"}']);
    } finally {
      await invokerOf(proxy).close();
    }
  });

  it('can change the arguments and the result', async () => {
    const proxy = createProxy<Echo>(url, {
      interceptors: [async (call, next) => ((await next({ ...call, params: [10] })) as number) + 1],
    });
    try {
      assert.equal(await proxy.twice(1), 21);
    } finally {
      await invokerOf(proxy).close();
    }
  });

  it('refuses metadata that is not a plain header, or one the client writes itself: nothing is sent', async () => {
    for (const [name, value] of [
      ['bad name', 'x'],
      ['x-ok', 'line\r\nInjected: yes'],
      ['Content-Length', '0'],
      ['spindle-timeout', '1'],
      ['authorization', 'Basic eDp5'],
    ] as const) {
      const proxy = createProxy<Echo>(url, { interceptors: [withHeader(name, value)] });
      try {
        const error = await rejectionOf(proxy.headers());
        assert.ok(error instanceof SpindleError, `${name} refused`);
        assert.equal(error.code, 'SPINDLE_INVALID_ARGUMENT');
        assert.match(error.message, /metadata/);
      } finally {
        await invokerOf(proxy).close();
      }
    }
  });

  it('XmlRpcProxyFactory takes interceptor objects (what a context file refs)', async () => {
    const counter = new Counter();
    const factory = new XmlRpcProxyFactory({ serviceUrl: url, interceptors: [counter] });
    try {
      const proxy = factory.getObject<Echo>();
      assert.equal(await proxy.twice(4), 8);
      assert.deepEqual([...counter.counts], [['twice ok', 1]]);
    } finally {
      await factory.close();
    }
  });

  it("a pool's interceptors run once around the whole pooled call, retries included, and their metadata reaches the member", async () => {
    const counter = new Counter();
    const down = `http://127.0.0.1:${await closedPort()}/Echo`;
    const pool = new HighAvailabilityProxy({
      members: [down, url],
      discoverIdempotent: false,
      interceptors: [counter, withHeader('x-pooled', 'yes')],
    });
    const pooled = createProxy<Echo>(pool);
    try {
      for (let i = 0; i < 2; i++) assert.deepEqual(await pooled.headers(), { 'x-pooled': 'yes' });
      assert.deepEqual(
        [...counter.counts],
        [['headers ok', 2]],
        'one count per pooled call, even when a member refused',
      );
    } finally {
      await pool.close();
    }
  });

  it('sees the error of a failed call', async () => {
    const counter = new Counter();
    const proxy = createProxy<Echo>(`http://127.0.0.1:${await closedPort()}/Echo`, {
      interceptors: [counter],
    });
    try {
      await rejectionOf(proxy.twice(1));
      assert.deepEqual([...counter.counts], [['twice SPINDLE_CLIENT_CONNECT_FAILED', 1]]);
    } finally {
      await invokerOf(proxy).close();
    }
  });

  it('refuses a second next() naming the interceptor: the call is not sent again', async () => {
    const before = echo.appended;
    const twice: ClientInterceptor = async (_call, next) => {
      await next();
      return next();
    };
    const proxy = createProxy<Echo>(url, { interceptors: [withHeader('x-a', 'b'), twice] });
    try {
      const error = await rejectionOf(proxy.append());
      assert.ok(error instanceof SpindleError);
      assert.equal(error.code, 'SPINDLE_INVALID_ARGUMENT');
      assert.match(error.message, /interceptors\[1\] called next\(\) a second time/);
      assert.equal(echo.appended, before + 1, 'the non-idempotent method ran once');
    } finally {
      await invokerOf(proxy).close();
    }
  });

  it('a next() the interceptor dropped is handled: the proxy logs its error, nothing is unhandled', async () => {
    const logger = new RecordingLogger();
    const forgetful: ClientInterceptor = (_call, next) => {
      void next();
      return Promise.resolve('looks fine');
    };
    const down = `http://127.0.0.1:${await closedPort()}/Echo`;
    const proxy = createProxy<Echo>(down, { interceptors: [forgetful], logger });
    const dropped = (): string[] =>
      logger.messages('warn').filter((line) => line.includes('without awaiting'));
    try {
      await recordingUnhandledRejections(async (unhandled) => {
        assert.equal(await proxy.twice(1), 'looks fine');
        await waitFor('the warning', () => dropped().length === 1, 5000);
        await afterRejectionChecks();
        assert.deepEqual(unhandled, []);
        const [line] = logger.lines.filter((entry) => entry.includes('without awaiting'));
        assert.match(
          line ?? '',
          /^warn .*"method":"twice".*"interceptor":"interceptors\[0\]","error":"TransportError.*refused/i,
        );
      });
    } finally {
      await invokerOf(proxy).close();
    }
  });
});
