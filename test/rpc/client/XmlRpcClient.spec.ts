import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

import {
  CALL_CHANNEL_NAMES,
  createInvoker,
  createProxy,
  Fault,
  HighAvailabilityProxy,
  registerTransport,
  ServiceDispatcher,
  TransportError,
  XmlRpcClient,
} from '../../../src/index.js';
import type { CallOptions, ChannelCall, ClientChannel, Invoker } from '../../../src/index.js';

class Calculator {
  public add(a: number, b: number): number {
    return a + b;
  }
  public fail(): never {
    throw new Fault(42, 'no such luck');
  }
}

/**
 * A channel that hands the request bytes to a real dispatcher in this
 * process, as a user's registered scheme would, noting what each exchange
 * was told.
 */
class LoopbackChannel implements ClientChannel {
  public readonly calls: ChannelCall[] = [];
  public closed = 0;
  public constructor(
    public readonly description: string,
    private readonly dispatcher: ServiceDispatcher,
  ) {}
  public exchange(request: Buffer, call: ChannelCall): Promise<Buffer> {
    this.calls.push(call);
    return this.dispatcher.handle(request, { requestId: call.requestId });
  }
  public close(): Promise<void> {
    this.closed += 1;
    return Promise.resolve();
  }
}

function calculatorDispatcher(): ServiceDispatcher {
  const dispatcher = new ServiceDispatcher();
  dispatcher.registerInstance(new Calculator());
  return dispatcher;
}

/** A channel whose every exchange gives `answer`. */
function answering(answer: () => Promise<Buffer>): ClientChannel {
  return { description: 'fixed:', exchange: answer, close: () => Promise.resolve() };
}

describe('XmlRpcClient over a ClientChannel', () => {
  const made: LoopbackChannel[] = [];
  before(() => {
    registerTransport('loop', (url) => {
      const channel = new LoopbackChannel(`loop://${url.host}${url.pathname}`, calculatorDispatcher());
      made.push(channel);
      return channel;
    });
  });
  afterEach(() => {
    made.length = 0;
  });

  it('carries the calls of a registered scheme: results and faults as over HTTP', async () => {
    const proxy = createProxy<{ add(a: number, b: number): Promise<number>; fail(): Promise<never> }>(
      'loop://calc/RPC2',
    );
    assert.equal(await proxy.add(2, 3), 5);
    await assert.rejects(proxy.fail(), (error: unknown) => error instanceof Fault && error.faultCode === 42);
    assert.equal(made.length, 1);
    assert.deepEqual(
      made[0]!.calls.map((call) => call.method),
      ['add', 'fail'],
    );
  });

  it('hands the channel the caller’s options whole, with the method, request id and timeout settled', async () => {
    const client = new XmlRpcClient('loop://calc/', { timeoutMs: 1234 });
    const channel = made[0]!;
    const controller = new AbortController();
    // A field the Invoker contract may gain later reaches the channel untouched.
    const options: CallOptions & { readonly metadata: Readonly<Record<string, string>> } = {
      idempotent: true,
      signal: controller.signal,
      requestId: 'req-1',
      metadata: { tenant: 'blue' },
    };
    assert.equal(await client.invoke('add', [1, 1], options), 2);
    assert.equal(await client.invoke('add', [2, 2], { timeoutMs: 99 }), 4);
    const [first, second] = channel.calls;
    assert.equal(first!.method, 'add');
    assert.equal(first!.requestId, 'req-1');
    assert.equal(first!.timeoutMs, 1234);
    assert.equal(first!.idempotent, true);
    assert.equal(first!.signal, controller.signal);
    assert.deepEqual(Reflect.get(first!, 'metadata'), { tenant: 'blue' });
    assert.equal(second!.timeoutMs, 99);
    assert.match(second!.requestId, /^[0-9a-f-]{18}[0-9a-f]{12}$/);
    await client.close();
    assert.equal(channel.closed, 1);
  });

  it('passes a channel’s TransportError through, outcome and all, and publishes it like HTTP', async () => {
    const refused = new TransportError(
      'SPINDLE_CLIENT_CONNECT_FAILED',
      'fixed: refused',
      'not-executed',
      'fixed:',
    );
    const client = new XmlRpcClient(answering(() => Promise.reject(refused)));
    const ends: unknown[] = [];
    const onEnd = (message: unknown): void => {
      ends.push(message);
    };
    subscribe(CALL_CHANNEL_NAMES.clientEnd, onEnd);
    try {
      await assert.rejects(
        client.invoke('add', [1, 2], { requestId: 'r-9' }),
        (error: unknown) => error === refused,
      );
    } finally {
      unsubscribe(CALL_CHANNEL_NAMES.clientEnd, onEnd);
    }
    assert.equal(ends.length, 1);
    assert.deepEqual(
      { ...(ends[0] as Record<string, unknown>), durationMs: 0 },
      {
        target: 'fixed:',
        method: 'add',
        requestId: 'r-9',
        outcome: 'transport',
        transportOutcome: 'not-executed',
        error: 'fixed: refused',
        durationMs: 0,
      },
    );
  });

  it('calls an answer that is not XML-RPC a bad response that may have run', async () => {
    const client = new XmlRpcClient(answering(() => Promise.resolve(Buffer.from('<html>oops</html>'))));
    await assert.rejects(client.invoke('add', [1, 2]), (error: unknown) => {
      assert.ok(error instanceof TransportError);
      assert.equal(error.code, 'SPINDLE_CLIENT_BAD_RESPONSE');
      assert.equal(error.outcome, 'unknown');
      assert.match(error.message, /<html>oops/);
      return true;
    });
  });

  it('says its calls settle within their timeout only when its channel says so, so a pool guards the others', async () => {
    const http = new XmlRpcClient('http://127.0.0.1:9/RPC2');
    assert.equal(http.settlesWithinTimeout, true);
    await http.close();
    assert.equal(
      new XmlRpcClient(answering(() => Promise.resolve(Buffer.alloc(0)))).settlesWithinTimeout,
      false,
    );
  });

  it('refuses a timeout that is not positive, closing the channel it opened', () => {
    assert.throws(() => new XmlRpcClient('loop://calc/', { timeoutMs: 0 }), {
      code: 'SPINDLE_INVALID_ARGUMENT',
    });
    assert.equal(made[0]!.closed, 1);
  });

  it('pools members of a registered scheme by URL', async () => {
    const pool = new HighAvailabilityProxy({ members: ['loop://a/', 'loop://b/'] });
    try {
      const proxy = createProxy<{ add(a: number, b: number): Promise<number> }>(pool);
      for (let i = 0; i < 4; i += 1) assert.equal(await proxy.add(i, 1), i + 1);
      // One channel per member, and every call went over one of them (each
      // member is also asked once for its capabilities).
      assert.deepEqual(
        made.map((channel) => channel.description),
        ['loop://a/', 'loop://b/'],
      );
      const adds = made.flatMap((channel) => channel.calls.filter((call) => call.method === 'add'));
      assert.equal(adds.length, 4);
    } finally {
      await pool.close();
    }
  });
});

describe('registerTransport with an Invoker factory (the form before channels)', () => {
  class Canned implements Invoker {
    public readonly description = 'canned:';
    public closed = false;
    public invoke(method: string): Promise<unknown> {
      return Promise.resolve(`canned ${method}`);
    }
    public close(): Promise<void> {
      this.closed = true;
      return Promise.resolve();
    }
  }

  it('still gives that invoker to createInvoker and createProxy', async () => {
    const invokers: Canned[] = [];
    registerTransport('canned:', () => {
      const invoker = new Canned();
      invokers.push(invoker);
      return invoker;
    });
    assert.equal(createInvoker('canned://x/'), invokers[0]);
    const proxy = createProxy<{ hello(): Promise<string> }>('canned://x/');
    assert.equal(await proxy.hello(), 'canned hello');
  });

  it('is refused by new XmlRpcClient(url), which needs a channel, and the invoker made is closed', () => {
    const invokers: Canned[] = [];
    registerTransport('canned2', () => {
      const invoker = new Canned();
      invokers.push(invoker);
      return invoker;
    });
    assert.throws(() => new XmlRpcClient('canned2://x/'), {
      code: 'SPINDLE_INVALID_ARGUMENT',
      message: /makes an Invoker, not a channel/,
    });
    assert.equal(invokers[0]!.closed, true);
  });

  it('names the known schemes for a URL of none', () => {
    assert.throws(() => createInvoker('gopher://x/'), {
      code: 'SPINDLE_INVALID_ARGUMENT',
      message: /no transport for 'gopher:\/\/' URLs \(known: http:\/\/, https:\/\/, ssh:\/\/, /,
    });
  });
});
