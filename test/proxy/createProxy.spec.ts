import assert from 'node:assert/strict';
import { format, inspect } from 'node:util';

import { decodeCall, encodeFault, encodeResponse } from '../../src/codec/index.js';
import { Fault } from '../../src/codec/Fault.js';
import { createProxy, invokerOf, MultiCall, XmlRpcProxyFactory } from '../../src/proxy/index.js';
import type { TestServer } from '../helpers/rawServer.js';
import { startHttpServer } from '../helpers/rawServer.js';

interface Echo {
  echo(...args: unknown[]): [string, unknown[]];
  examples: { getStateName(n: number): [string, unknown[]] };
  fail(code: number): never;
}

class NotFoundError extends Error {}

describe('createProxy, MultiCall and XmlRpcProxyFactory', () => {
  let server: TestServer;
  const calls: string[] = [];

  before(async () => {
    // Answers every call with [methodName, params]; `fail(code)` answers a fault;
    // system.multicall runs each entry the same way.
    const answer = (method: string, params: unknown[]): unknown => [method, params];
    server = await startHttpServer((_request, body, response) => {
      const { method, params } = decodeCall(body);
      calls.push(method);
      response.writeHead(200, { 'Content-Type': 'text/xml' });
      if (method === 'fail') {
        response.end(encodeFault(Number(params[0]), `failed with ${String(params[0])}`));
      } else if (method === 'system.multicall') {
        const entries = params[0] as { methodName: string; params: unknown[] }[];
        response.end(
          encodeResponse(
            entries.map((entry) =>
              entry.methodName === 'fail'
                ? { faultCode: entry.params[0], faultString: 'entry failed' }
                : [answer(entry.methodName, entry.params)],
            ),
          ),
        );
      } else {
        response.end(encodeResponse(answer(method, params)));
      }
    });
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    calls.length = 0;
  });

  it('turns property accesses into calls, dotted names included', async () => {
    const proxy = createProxy<Echo>(server.url);
    try {
      assert.deepEqual(await proxy.echo(1, 'two', [3]), ['echo', [1, 'two', [3]]]);
      assert.deepEqual(await proxy.examples.getStateName(41), ['examples.getStateName', [41]]);
      assert.equal(proxy.echo, proxy.echo);
    } finally {
      await invokerOf(proxy).close();
    }
  });

  it('never sends then, toJSON, Object.prototype members or symbols: await, log and stringify are local', async () => {
    const proxy = createProxy<Echo>(server.url);
    const record = proxy as unknown as Record<string | symbol, unknown>;
    assert.equal(await (proxy as unknown as Promise<unknown>), proxy);
    assert.equal(await (proxy.examples as unknown as Promise<unknown>), proxy.examples);
    assert.equal(record['then'], undefined);
    assert.equal(record['toJSON'], undefined);
    assert.equal(record[Symbol.iterator], undefined);
    assert.equal(record[inspect.custom], undefined);
    assert.equal((record['constructor'] as { name: string }).name, 'RemoteService');
    assert.equal(Object.prototype.hasOwnProperty.call(proxy, 'then'), false);
    // eslint-disable-next-line no-prototype-builtins -- what code that handles any object calls
    assert.equal((proxy as object).hasOwnProperty('then'), false);
    assert.equal((proxy as object).valueOf(), `[Remote ${server.url}]`);
    assert.match(inspect(proxy), /RemoteService/);
    assert.match(inspect(proxy.examples), /examples/);
    // What console.log prints, every placeholder included.
    assert.match(format('%s %o %O %j', proxy, proxy.examples, [proxy], proxy), /RemoteService/);
    assert.equal(JSON.stringify({ service: proxy }), '{"service":{}}');
    assert.equal(String(proxy as unknown), `[Remote ${server.url}]`);
    // eslint-disable-next-line @typescript-eslint/no-base-to-string, @typescript-eslint/restrict-template-expressions -- a proxy in a template string
    assert.equal(`${proxy.examples}|${proxy}`, `[Remote examples]|[Remote ${server.url}]`);
    assert.equal((proxy as unknown as { toString(): string }).toString(), `[Remote ${server.url}]`);
    assert.deepEqual(calls, []);
    await invokerOf(proxy).close();
  });

  it('sends inspect, catch and finally as remote methods, at any level', async () => {
    const proxy = createProxy<{
      inspect(n: number): unknown;
      catch(): unknown;
      finally(): unknown;
      examples: { inspect(): unknown };
    }>(server.url);
    try {
      assert.deepEqual(await proxy.inspect(1), ['inspect', [1]]);
      assert.deepEqual(await proxy.catch(), ['catch', []]);
      assert.deepEqual(await proxy.finally(), ['finally', []]);
      assert.deepEqual(await proxy.examples.inspect(), ['examples.inspect', []]);
      assert.deepEqual(calls, ['inspect', 'catch', 'finally', 'examples.inspect']);
    } finally {
      await invokerOf(proxy).close();
    }
  });

  it('accepts any Invoker, e.g. the one behind another proxy', async () => {
    const inner = createProxy<Echo>(server.url);
    const outer = createProxy<Echo>(invokerOf(inner));
    assert.equal(invokerOf(outer), invokerOf(inner));
    assert.deepEqual(await outer.echo('x'), ['echo', ['x']]);
    await invokerOf(inner).close();
  });

  it('rejects unknown URL schemes and non-proxies with SPINDLE_INVALID_ARGUMENT', () => {
    assert.throws(() => createProxy('ftp://127.0.0.1/'), { code: 'SPINDLE_INVALID_ARGUMENT' });
    assert.throws(() => createProxy('not a url'), { code: 'SPINDLE_INVALID_ARGUMENT' });
    assert.throws(() => invokerOf({}), { code: 'SPINDLE_INVALID_ARGUMENT' });
  });

  it('maps fault codes to error classes when asked, and keeps other faults', async () => {
    const proxy = createProxy<Echo>(server.url, { faults: { '404': NotFoundError } });
    try {
      await assert.rejects(proxy.fail(404), (error: unknown) => {
        assert.ok(error instanceof NotFoundError);
        assert.equal(error.message, 'failed with 404');
        assert.ok(error.cause instanceof Fault);
        return true;
      });
      await assert.rejects(
        proxy.fail(500),
        (error: unknown) => error instanceof Fault && error.faultCode === 500,
      );
    } finally {
      await invokerOf(proxy).close();
    }
  });

  it('MultiCall records calls, sends one system.multicall, and throws an entry fault on iteration', async () => {
    const proxy = createProxy<Echo>(server.url);
    try {
      const batch = new MultiCall<Echo>(proxy);
      batch.echo(7, 3);
      batch.examples.getStateName(1);
      batch.fail(9);
      const results = await batch();
      assert.deepEqual(calls, ['system.multicall']);
      assert.deepEqual(results.at(0), ['echo', [7, 3]]);
      assert.deepEqual(results.at(1), ['examples.getStateName', [1]]);
      assert.throws(
        () => [...results],
        (error: unknown) => error instanceof Fault && error.faultCode === 9,
      );
      // The batch is empty again after sending.
      assert.equal((await batch()).length, 0);
    } finally {
      await invokerOf(proxy).close();
    }
  });

  it('XmlRpcProxyFactory takes one options object and gives the proxy itself', async () => {
    const factory = new XmlRpcProxyFactory({ serviceUrl: server.url, timeoutMs: 2000, idempotent: ['echo'] });
    const service = factory.getObject<Echo>();
    assert.equal(factory.getObject(), service);
    assert.deepEqual([...factory.idempotent], ['echo']);
    assert.deepEqual(await service.echo('hi'), ['echo', ['hi']]);
    await factory.close();
    await factory.close();
    await assert.rejects(service.echo('again'), { code: 'SPINDLE_CLOSED' });
    assert.throws(() => new XmlRpcProxyFactory({ serviceUrl: '' }), { code: 'SPINDLE_INVALID_ARGUMENT' });
  });
});
