import assert from 'node:assert/strict';

import { Fault, ServiceDispatcher, SpindleError } from '../../../src/index.js';
import { decodeResponse, encodeCall } from '../../../src/entries/codec.js';
import type { ServiceDispatcherOptions } from '../../../src/index.js';

/** Calls `method` through the dispatcher's bytes-in, bytes-out interface. */
async function call(dispatcher: ServiceDispatcher, method: string, ...params: unknown[]): Promise<unknown> {
  return decodeResponse(await dispatcher.handle(encodeCall(method, params)));
}

/** The fault a call gives; fails the test when it succeeds. */
async function faultOf(dispatcher: ServiceDispatcher, method: string, ...params: unknown[]): Promise<Fault> {
  try {
    const value = await call(dispatcher, method, ...params);
    assert.fail(`expected a fault, got ${JSON.stringify(value)}`);
  } catch (error) {
    assert.ok(error instanceof Fault, `expected a Fault, got ${String(error)}`);
    return error;
  }
}

class Wheel {
  public readonly redSet = [1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36];
  public spin(): [string, string, string, string] {
    const n = '7';
    return [n, this._color(n), this._even(n), this._high(n)];
  }
  public spinList(spins = 1): [string, string, string, string][] {
    return Array.from({ length: spins }, () => this.spin());
  }
  public _color(n: string): string {
    return this.redSet.includes(Number(n)) ? 'RED' : 'BLACK';
  }
  public _even(n: string): string {
    return Number(n) % 2 === 0 ? 'EVEN' : 'ODD';
  }
  public _high(n: string): string {
    return Number(n) <= 18 ? 'LOW' : 'HIGH';
  }
  public afterPropertiesSet(): void {
    throw new Error('a lifecycle hook must never be callable remotely');
  }
  public destroy(): void {
    throw new Error('a lifecycle hook must never be callable remotely');
  }
}

function arithmetic(options: ServiceDispatcherOptions = {}): ServiceDispatcher {
  const dispatcher = new ServiceDispatcher(options);
  dispatcher.registerFunction('add', (x: number, y: number) => x + y, {
    signature: ['int', 'int', 'int'],
    help: 'Adds two integers.',
  });
  dispatcher.registerFunction('divide', (x: number, y: number) => {
    if (y === 0) throw new Error('integer division or modulo by zero');
    return Math.trunc(x / y);
  });
  return dispatcher;
}

describe('ServiceDispatcher', () => {
  describe('registering an object', () => {
    it('exports its public methods and hides _private ones, lifecycle hooks and Object members', async () => {
      const dispatcher = new ServiceDispatcher();
      const names = dispatcher.registerInstance(new Wheel());
      assert.deepEqual([...names].sort(), ['spin', 'spinList']);
      const spin = (await call(dispatcher, 'spin')) as string[];
      assert.deepEqual(spin, ['7', 'RED', 'ODD', 'LOW']);
      for (const hidden of [
        '_color',
        '_even',
        'afterPropertiesSet',
        'destroy',
        'toString',
        'constructor',
        '__proto__',
      ]) {
        const fault = await faultOf(dispatcher, hidden, '7');
        assert.equal(fault.faultCode, -32601, hidden);
      }
    });

    it('lets an explicit methods allow-list win', async () => {
      const dispatcher = new ServiceDispatcher();
      dispatcher.registerInstance(new Wheel(), { methods: ['spinList'] });
      assert.equal(((await call(dispatcher, 'spinList', 2)) as unknown[]).length, 2);
      assert.equal((await faultOf(dispatcher, 'spin')).faultCode, -32601);
    });

    it('refuses an allow-list naming a missing method or an Object member', () => {
      const dispatcher = new ServiceDispatcher();
      assert.throws(
        () => dispatcher.registerInstance(new Wheel(), { methods: ['nope'] }),
        /no method 'nope'/,
      );
      assert.throws(() => dispatcher.registerInstance(new Wheel(), { methods: ['toString'] }), SpindleError);
    });

    it('offers dotted names only when registered explicitly', async () => {
      const dispatcher = new ServiceDispatcher();
      const states = ['Alabama', 'Alaska'];
      dispatcher.registerFunction('examples.getStateName', (n: number) => states[n - 1] ?? 'unknown');
      dispatcher.registerInstance(
        { nested: { secret: () => 'leak' }, echo: (x: unknown) => x },
        { prefix: 'obj' },
      );
      assert.equal(await call(dispatcher, 'examples.getStateName', 2), 'Alaska');
      assert.equal(await call(dispatcher, 'obj.echo', 'hi'), 'hi');
      assert.equal((await faultOf(dispatcher, 'obj.nested.secret')).faultCode, -32601);
      assert.equal((await faultOf(dispatcher, 'examples.__proto__.constructor')).faultCode, -32601);
    });

    it('never runs a getter while collecting methods', () => {
      let touched = false;
      const service = {
        get trap(): () => void {
          touched = true;
          return () => undefined;
        },
        ok: () => 1,
      };
      assert.deepEqual(new ServiceDispatcher().registerInstance(service), ['ok']);
      assert.equal(touched, false);
    });
  });

  describe('faults', () => {
    it('keeps the code of a thrown Fault and gives -32500 with the message only otherwise', async () => {
      const dispatcher = new ServiceDispatcher();
      dispatcher.registerFunction('typed', () => {
        throw new Fault(42, 'the answer');
      });
      dispatcher.registerFunction('plain', () => {
        throw new Error("ENOENT: no such file or directory, open '/srv/app/secret/config.json'");
      });
      dispatcher.registerFunction('rejects', () => Promise.reject(new TypeError('bad input')));
      const typed = await faultOf(dispatcher, 'typed');
      assert.deepEqual([typed.faultCode, typed.faultString], [42, 'the answer']);
      const plain = await faultOf(dispatcher, 'plain');
      assert.equal(plain.faultCode, -32500);
      assert.match(plain.faultString, /^ENOENT: no such file or directory/);
      assert.doesNotMatch(plain.faultString, /\/srv|secret|config\.json|at .*:\d+/);
      const rejected = await faultOf(dispatcher, 'rejects');
      assert.deepEqual([rejected.faultCode, rejected.faultString], [-32500, 'bad input']);
    });

    it('answers -32603 for results that cannot be encoded', async () => {
      const dispatcher = new ServiceDispatcher();
      const cyclic: Record<string, unknown> = {};
      cyclic['self'] = cyclic;
      const results: Record<string, unknown> = {
        fn: () => 1,
        sym: Symbol('x'),
        nan: Number.NaN,
        cyclic,
        control: 'bell\u0007',
        surrogate: '\ud800',
      };
      for (const [name, value] of Object.entries(results)) dispatcher.registerFunction(name, () => value);
      for (const name of Object.keys(results)) {
        assert.equal((await faultOf(dispatcher, name)).faultCode, -32603, name);
      }
    });

    it('answers -32603 when a method outlives the call timeout', async () => {
      const dispatcher = new ServiceDispatcher({ callTimeoutMs: 50 });
      dispatcher.registerFunction('never', () => new Promise(() => undefined));
      const fault = await faultOf(dispatcher, 'never');
      assert.equal(fault.faultCode, -32603);
      assert.match(fault.faultString, /did not finish within 50 ms/);
    });

    it('answers -32602 for parameters that match no declared signature', async () => {
      const dispatcher = arithmetic();
      assert.equal(await call(dispatcher, 'add', 2, 3), 5);
      assert.equal((await faultOf(dispatcher, 'add', 2)).faultCode, -32602);
      assert.equal((await faultOf(dispatcher, 'add', 2, 'three')).faultCode, -32602);
      assert.equal(
        (await faultOf(dispatcher, 'add', 2)).faultString,
        'wrong parameters for add: expected (int, int), got 1 parameter (int); it did not run',
      );
      assert.equal(
        (await faultOf(dispatcher, 'add', ...Array.from({ length: 20 }, () => 'x'))).faultString,
        'wrong parameters for add: expected (int, int), got 20 parameters (string, string, string, string, string, string, string, string, …); it did not run',
      );
    });

    it('answers -32602 naming both counts when a call has fewer parameters than the method needs', async () => {
      const ran: string[] = [];
      const dispatcher = new ServiceDispatcher();
      dispatcher.registerInstance({
        add(a: number, b: number): number {
          ran.push('add');
          return a + b;
        },
        greet(name: string, greeting = 'Hello'): string {
          ran.push('greet');
          return `${greeting}, ${name}`;
        },
        sum(...values: number[]): number {
          ran.push('sum');
          return values.reduce((total, value) => total + value, 0);
        },
        label(prefix: string, ...rest: string[]): string {
          ran.push('label');
          return [prefix, ...rest].join('-');
        },
      });
      const tooFew = await faultOf(dispatcher, 'add', 1);
      assert.equal(tooFew.faultCode, -32602);
      assert.equal(
        tooFew.faultString,
        'add needs 2 parameters, got 1; it did not run (give a parameter a default value, `= undefined`, to let callers leave it out)',
      );
      assert.equal(tooFew.outcome, 'not-executed');
      assert.equal(
        (await faultOf(dispatcher, 'add')).faultString,
        'add needs 2 parameters, got 0; it did not run (give a parameter a default value, `= undefined`, to let callers leave it out)',
      );
      assert.equal(
        (await faultOf(dispatcher, 'greet')).faultString,
        'greet needs 1 parameter, got 0; it did not run (give a parameter a default value, `= undefined`, to let callers leave it out)',
      );
      assert.equal((await faultOf(dispatcher, 'label')).faultCode, -32602);
      assert.deepEqual(ran, []);
      // A default parameter and rest parameters are optional, as in a local call.
      assert.equal(await call(dispatcher, 'greet', 'Ada'), 'Hello, Ada');
      assert.equal(await call(dispatcher, 'greet', 'Ada', 'Hi'), 'Hi, Ada');
      assert.equal(await call(dispatcher, 'sum'), 0);
      assert.equal(await call(dispatcher, 'sum', 1, 2, 3), 6);
      assert.equal(await call(dispatcher, 'label', 'a'), 'a');
      // Extra parameters reach the method as in a local call, which ignores what it does not name.
      assert.equal(await call(dispatcher, 'add', 1, 2, 3), 3);
      assert.equal(await call(dispatcher, 'label', 'a', 'b', 'c'), 'a-b-c');
    });

    it('checks the counts of each multicall entry on its own', async () => {
      const dispatcher = arithmetic();
      dispatcher.registerFunction('sub', (a: number, b: number) => a - b);
      const [refused, answered] = (await call(dispatcher, 'system.multicall', [
        { methodName: 'sub', params: [5] },
        { methodName: 'sub', params: [5, 3] },
      ])) as [object, unknown];
      assert.deepEqual(
        { ...refused },
        {
          faultCode: -32602,
          faultString:
            'sub needs 2 parameters, got 1; it did not run (give a parameter a default value, `= undefined`, to let callers leave it out)',
        },
      );
      assert.deepEqual(answered, [2]);
    });

    it('answers codec faults for malformed requests', async () => {
      const dispatcher = arithmetic();
      const cases: [string, number[]][] = [
        ['<html>oops', [-32700, -32600]],
        ['', [-32700]],
        [
          '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><methodCall><methodName>add</methodName></methodCall>',
          [-32700, -32600],
        ],
        ['<?xml version="1.0"?><methodCall><params/></methodCall>', [-32600]],
      ];
      for (const [body, codes] of cases) {
        const response = await dispatcher.handle(Buffer.from(body));
        assert.throws(
          () => decodeResponse(response),
          (error: unknown) => error instanceof Fault && codes.includes(error.faultCode as number),
          body,
        );
      }
    });
  });

  describe('system.multicall', () => {
    it('runs entries in order with per-entry faults, like CPython expects', async () => {
      const dispatcher = arithmetic();
      const results = await call(dispatcher, 'system.multicall', [
        { methodName: 'add', params: [7, 3] },
        { methodName: 'divide', params: [7, 0] },
        { methodName: 'nope', params: [] },
        { methodName: 'add' },
        'not a struct',
        { methodName: 'system.multicall', params: [[]] },
        { methodName: 'divide', params: [7, 3] },
      ]);
      assert.ok(Array.isArray(results));
      assert.deepEqual(results[0], [10]);
      assert.deepEqual(
        { ...(results[1] as object) },
        { faultCode: -32500, faultString: 'integer division or modulo by zero' },
      );
      assert.equal((results[2] as { faultCode: number }).faultCode, -32601);
      assert.equal((results[3] as { faultCode: number }).faultCode, -32600);
      assert.equal((results[4] as { faultCode: number }).faultCode, -32600);
      assert.match((results[5] as { faultString: string }).faultString, /recursive/);
      assert.deepEqual(results[6], [2]);
    });

    it('refuses more entries than the cap and anything but one array', async () => {
      const dispatcher = arithmetic({ maxMulticallCalls: 3 });
      const entries = Array.from({ length: 4 }, () => ({ methodName: 'add', params: [1, 1] }));
      assert.equal((await faultOf(dispatcher, 'system.multicall', entries)).faultCode, -32600);
      assert.equal((await faultOf(dispatcher, 'system.multicall', 'x')).faultCode, -32602);
      assert.equal((await faultOf(dispatcher, 'system.multicall', [], [])).faultCode, -32602);
    });

    it('can be switched off', async () => {
      const dispatcher = arithmetic({ multicall: false });
      assert.equal((await faultOf(dispatcher, 'system.multicall', [])).faultCode, -32601);
    });
  });

  describe('introspection', () => {
    it('lists methods and gives signatures and help, "undef" and "" when none', async () => {
      const dispatcher = arithmetic({ idempotent: ['add'] });
      const names = (await call(dispatcher, 'system.listMethods')) as string[];
      assert.deepEqual(names, [...names].sort());
      for (const name of ['add', 'divide', 'system.listMethods', 'system.multicall', 'system.methodHelp']) {
        assert.ok(names.includes(name), name);
      }
      assert.deepEqual(await call(dispatcher, 'system.methodSignature', 'add'), [['int', 'int', 'int']]);
      assert.equal(await call(dispatcher, 'system.methodSignature', 'divide'), 'undef');
      assert.equal(await call(dispatcher, 'system.methodHelp', 'add'), 'Adds two integers.');
      assert.equal(await call(dispatcher, 'system.methodHelp', 'divide'), '');
      assert.equal((await faultOf(dispatcher, 'system.methodHelp', 'nope')).faultCode, -32601);
    });

    it('advertises the idempotent methods in system.getCapabilities', async () => {
      const capabilities = (await call(
        arithmetic({ idempotent: ['add'] }),
        'system.getCapabilities',
      )) as Record<string, Record<string, unknown>>;
      assert.deepEqual(capabilities['spindle.idempotent']?.['methods'], ['add']);
      assert.equal(capabilities['faults_interop']?.['specVersion'], 20010516);
    });

    it('hides listMethods, methodSignature and methodHelp when switched off', async () => {
      const dispatcher = arithmetic({ introspection: false });
      for (const name of ['system.listMethods', 'system.methodSignature', 'system.methodHelp']) {
        assert.equal((await faultOf(dispatcher, name, 'add')).faultCode, -32601, name);
      }
      assert.equal(typeof (await call(dispatcher, 'system.getCapabilities')), 'object');
    });
  });
});
