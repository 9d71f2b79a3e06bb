import assert from 'node:assert/strict';

import { Fault } from '../../src/codec/Fault.js';
import { XmlRpcDateTime } from '../../src/codec/index.js';
import { createProxy, invokerOf, MultiCall } from '../../src/proxy/index.js';
import { ProtocolError } from '../../src/transport/client/index.js';
import type { PythonProcess } from '../helpers/pythonProcess.js';
import { LOGO, startSeedServer } from './seedServer.js';

interface Docs {
  is_even(n: number): boolean;
  today(): Date;
  python_logo(): Buffer;
  add(x: number, y: number): number;
  examples: { getStateName(n: number): string };
  system: { listMethods(): string[]; methodHelp(name: string): string };
}

interface Arithmetic {
  add(x: number, y: number): number;
  subtract(x: number, y: number): number;
  multiply(x: number, y: number): number;
  divide(x: number, y: number): number;
}

interface Wheel {
  spin(): [string, string, string, string];
  spinList(spins: number): [string, string, string, string][];
  _color(n: string): string;
  system: { listMethods(): string[] };
}

describe('proxy against CPython SimpleXMLRPCServer (seed examples)', function () {
  this.timeout(20_000);
  let python: PythonProcess;
  let base: string;
  const opened: object[] = [];
  const open = <T extends object>(path: string): ReturnType<typeof createProxy<T>> => {
    const proxy = createProxy<T>(`${base}${path}`, { timeoutMs: 5000 });
    opened.push(proxy);
    return proxy;
  };

  before(async () => {
    python = await startSeedServer();
    base = `http://127.0.0.1:${python.port}`;
  });

  after(async () => {
    await Promise.all(opened.map((proxy) => invokerOf(proxy).close()));
    await python.close();
  });

  it('is_even answers booleans', async () => {
    const proxy = open<Docs>('/');
    assert.equal(await proxy.is_even(3), false);
    assert.equal(await proxy.is_even(100), true);
  });

  it('today returns a Date (the zone-less text read as UTC), or with dateTimes naive a DateTime that keeps its text', async () => {
    const proxy = open<Docs>('/RPC2');
    const today = await proxy.today();
    assert.ok(today instanceof Date);
    // CPython writes the server's local wall-clock time without a zone; read as UTC it is within a day of now.
    assert.ok(Math.abs(today.getTime() - Date.now()) < 26 * 3600 * 1000, today.toISOString());
    assert.equal(today.getUTCMilliseconds(), 0);
    const naive = createProxy<Docs>(`${base}/RPC2`, { timeoutMs: 5000, decoding: { dateTimes: 'naive' } });
    opened.push(naive);
    const text = (await naive.today()) as unknown;
    assert.ok(text instanceof XmlRpcDateTime);
    assert.match(text.value, /^\d{8}T\d\d:\d\d:\d\d$/);
    assert.equal(text.year, new Date().getFullYear());
  });

  it('python_logo returns the Binary bytes as a Buffer', async () => {
    const proxy = open<Docs>('/');
    const logo = await proxy.python_logo();
    assert.ok(Buffer.isBuffer(logo));
    assert.deepEqual(logo, LOGO);
  });

  it('add returning a complex number is a Fault with the server code and string', async () => {
    const proxy = open<Docs>('/');
    await assert.rejects(proxy.add(2, 5), (error: unknown) => {
      assert.ok(error instanceof Fault);
      assert.equal(error.faultCode, 1);
      assert.match(error.faultString, /complex/);
      return true;
    });
  });

  it('dotted names by explicit registration and through allow_dotted_names', async () => {
    assert.equal(await open<Docs>('/').examples.getStateName(41), 'South Dakota');
    assert.equal(await open<Docs>('/betty').examples.getStateName(41), 'South Dakota');
  });

  it('introspection lists the methods and gives help', async () => {
    const proxy = open<Docs>('/');
    const methods = await proxy.system.listMethods();
    assert.ok(methods.includes('is_even'));
    assert.ok(methods.includes('system.multicall'));
    assert.equal(await proxy.system.methodHelp('is_even'), 'Return True when n is even.');
  });

  it('MultiCall sends one system.multicall and gives the arithmetic results in order', async () => {
    const batch = new MultiCall<Arithmetic>(open<Arithmetic>('/math'));
    batch.add(7, 3);
    batch.subtract(7, 3);
    batch.multiply(7, 3);
    batch.divide(7, 3);
    const [sum, difference, product, quotient] = await batch();
    assert.deepEqual([sum, difference, product], [10, 4, 21]);
    assert.ok(Math.abs((quotient as number) - 7 / 3) < 1e-12);
  });

  it('MultiCall iteration throws the Fault of a failed entry when it reaches it', async () => {
    const batch = new MultiCall<Arithmetic>(open<Arithmetic>('/math'));
    batch.add(1, 1);
    batch.divide(1, 0);
    batch.add(2, 2);
    const results = await batch();
    assert.equal(results.length, 3);
    const seen: unknown[] = [];
    assert.throws(
      () => {
        for (const value of results) seen.push(value);
      },
      (error: unknown) => error instanceof Fault && /ZeroDivisionError/.test(error.faultString),
    );
    assert.deepEqual(seen, [2]);
    assert.equal(results.at(2), 4);
  });

  it('the Wheel instance exposes spin and spinList, never its private helpers', async () => {
    const proxy = open<Wheel>('/wheel');
    const methods = await proxy.system.listMethods();
    assert.ok(methods.includes('spin') && methods.includes('spinList'));
    assert.deepEqual(
      methods.filter((name) => name.startsWith('_')),
      [],
    );
    const [number, color, parity, half] = await proxy.spin();
    assert.match(number, /^(\d|[12]\d|3[0-6]|00)$/);
    assert.ok(['RED', 'BLACK', 'GREEN'].includes(color));
    assert.ok(['EVEN', 'ODD', 'ZERO'].includes(parity));
    assert.ok(['HIGH', 'LOW', 'ZERO'].includes(half));
    assert.equal((await proxy.spinList(5)).length, 5);
    await assert.rejects(proxy._color('1'), Fault);
  });

  it('sends Basic auth from percent-decoded URL userinfo; a wrong password is a 401 ProtocolError, not executed', async () => {
    const good = createProxy<Docs>(`http://us%40er:p%3Ass@127.0.0.1:${python.port}/secure`);
    const bad = createProxy<Docs>(`http://us%40er:wrong@127.0.0.1:${python.port}/secure`);
    opened.push(good, bad);
    assert.equal(await good.is_even(4), true);
    await assert.rejects(bad.is_even(4), (error: unknown) => {
      assert.ok(error instanceof ProtocolError);
      assert.equal(error.status, 401);
      assert.equal(error.outcome, 'not-executed');
      assert.equal(error.headers['www-authenticate'], 'Basic realm="seed"');
      assert.doesNotMatch(error.message, /wrong/);
      return true;
    });
  });
});
