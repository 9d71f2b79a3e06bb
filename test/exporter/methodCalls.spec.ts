import assert from 'node:assert/strict';

import {
  createProxy,
  Fault,
  HighAvailabilityProxy,
  invokerOf,
  XmlRpcServiceExporter,
} from '../../src/index.js';
import type { Remote } from '../../src/index.js';
import { runPythonJson } from '../helpers/pythonProcess.js';
import { rejectionOf } from '../helpers/rejections.js';

/** An ordinary service that records which of its methods ran. */
class Ledger {
  public readonly ran: string[] = [];

  public add(a: number, b: number): number {
    this.ran.push('add');
    return a + b;
  }

  public greet(name: string, greeting = 'Hello'): string {
    this.ran.push('greet');
    return `${greeting}, ${name}`;
  }

  /** A method name Node used to call when printing an object, before v11. */
  public inspect(depth: number): string {
    this.ran.push('inspect');
    return `ledger at depth ${String(depth)}`;
  }

  public sum(...values: number[]): number {
    this.ran.push('sum');
    return values.reduce((total, value) => total + value, 0);
  }
}

class WrongArgumentsError extends Error {}

describe('exported methods called through a proxy and a pool: inspect, and parameter counts', () => {
  const ledger = new Ledger();
  const exporters: XmlRpcServiceExporter[] = [];
  let direct: Remote<Ledger>;
  let pooled: Remote<Ledger>;

  before(async () => {
    for (const serviceName of ['Ledger0', 'Ledger1']) {
      const exporter = new XmlRpcServiceExporter({ service: ledger, serviceName, servicePort: 0 });
      exporters.push(exporter);
      await exporter.start();
    }
    direct = createProxy<Ledger>(exporters[0]!.url!);
    pooled = createProxy<Ledger>(
      new HighAvailabilityProxy({ members: exporters.map((exporter) => exporter.url!) }),
    );
  });
  beforeEach(() => {
    ledger.ran.length = 0;
  });
  after(async () => {
    await invokerOf(direct).close();
    await invokerOf(pooled).close();
    await Promise.all(exporters.map((exporter) => exporter.close()));
  });

  it('exports a method named inspect by default, and both proxies call it', async () => {
    assert.deepEqual(exporters[0]!.methods, ['add', 'greet', 'inspect', 'sum']);
    assert.equal(await direct.inspect(2), 'ledger at depth 2');
    assert.equal(await pooled.inspect(3), 'ledger at depth 3');
    assert.deepEqual(ledger.ran, ['inspect', 'inspect']);
  });

  it('refuses too few parameters with fault −32602 naming both counts; the method does not run', async () => {
    for (const service of [direct, pooled]) {
      const callAdd = service.add as unknown as (...args: unknown[]) => Promise<number>;
      const fault = await rejectionOf(callAdd(1));
      assert.ok(fault instanceof Fault, String(fault));
      assert.equal(fault.faultCode, -32602);
      assert.equal(
        fault.faultString,
        'add needs 2 parameters, got 1; it did not run (give a parameter a default value, `= undefined`, to let callers leave it out)',
      );
      assert.match(fault.message, /-32602: add needs 2 parameters, got 1/);
      assert.equal(fault.outcome, 'not-executed');
    }
    assert.deepEqual(ledger.ran, [], 'a pool does not send a parameter fault to another member');
  });

  it('lets default and rest parameters be left out, and passes extra parameters on as a local call does', async () => {
    for (const service of [direct, pooled]) {
      const loose = service as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      assert.equal(await service.greet('Ada'), new Ledger().greet('Ada'));
      assert.equal(await service.sum(), 0);
      assert.equal(await service.sum(1, 2, 3), 6);
      assert.equal(await loose['add']!(1, 2, 99), new Ledger().add(1, 2));
    }
  });

  it('maps −32602 through the proxy’s faults option, the cause saying the call did not run', async () => {
    const mapped = createProxy<Ledger>(exporters[1]!.url!, { faults: { '-32602': WrongArgumentsError } });
    try {
      const callAdd = mapped.add as unknown as (...args: unknown[]) => Promise<number>;
      const error = await rejectionOf(callAdd());
      assert.ok(error instanceof WrongArgumentsError, String(error));
      assert.equal(
        error.message,
        'add needs 2 parameters, got 0; it did not run (give a parameter a default value, `= undefined`, to let callers leave it out)',
      );
      assert.ok(error.cause instanceof Fault);
      assert.equal(error.cause.outcome, 'not-executed');
    } finally {
      await invokerOf(mapped).close();
    }
  });

  it('answers CPython’s xmlrpc.client with −32602 for too few arguments, ignores extra ones, and serves inspect', async () => {
    const result = (await runPythonJson(
      `
import sys, json, xmlrpc.client as x
proxy = x.ServerProxy(sys.argv[1])
try:
    proxy.add(1)
    fault = None
except x.Fault as err:
    fault = [err.faultCode, err.faultString]
print(json.dumps({
  "fault": fault, "inspect": proxy.inspect(1), "greet": proxy.greet("Guido"), "extra": proxy.add(1, 2, 3),
}))`,
      [exporters[0]!.url!],
    )) as Record<string, unknown>;
    assert.deepEqual(result, {
      fault: [
        -32602,
        'add needs 2 parameters, got 1; it did not run (give a parameter a default value, `= undefined`, to let callers leave it out)',
      ],
      inspect: 'ledger at depth 1',
      greet: 'Hello, Guido',
      extra: 3,
    });
    assert.deepEqual(ledger.ran, ['inspect', 'greet', 'add']);
  });
});
