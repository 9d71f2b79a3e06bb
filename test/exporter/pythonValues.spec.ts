import assert from 'node:assert/strict';

import { XmlRpcServiceExporter } from '../../src/index.js';
import { runPythonJson } from '../helpers/pythonProcess.js';

/** An ordinary service: a void method, large numbers, a Date with milliseconds, and a report of what arrived. */
class Values {
  public touched = 0;
  public touch(): void {
    this.touched++;
  }
  public large(): number {
    return 1e15;
  }
  public huge(): number {
    return 2 ** 53;
  }
  public echo(value: unknown): unknown {
    return value;
  }
  public stamp(): Date {
    return new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 123));
  }
  public received(value: unknown): string {
    return value instanceof Date ? `Date ${value.toISOString()}` : `${typeof value} ${String(value)}`;
  }
}

describe('values between CPython xmlrpc.client and a Spindle exporter', function () {
  this.timeout(20_000);
  const service = new Values();
  let exporter: XmlRpcServiceExporter;

  before(async () => {
    exporter = new XmlRpcServiceExporter({ service, servicePort: 0 });
    await exporter.start();
  });

  after(async () => {
    await exporter.close();
  });

  it('answers a void method with nil (None), large integral numbers as floats, and dates with their fraction', async () => {
    const result = (await runPythonJson(
      String.raw`
import sys, json, xmlrpc.client as x
from xmlrpc.client import DateTime
proxy = x.ServerProxy(sys.argv[1], allow_none=True)
builtin = x.ServerProxy(sys.argv[1], allow_none=True, use_builtin_types=True)
touched = proxy.touch()
large, huge, echoed = proxy.large(), proxy.huge(), proxy.echo(1e15)
stamp = proxy.stamp()
print(json.dumps({
  "touched": repr(touched),
  "numbers": [[type(v).__name__, repr(v)] for v in (large, huge, echoed)],
  "stamp": [type(stamp).__name__, stamp.value],
  "fraction": proxy.received(DateTime("20260102T03:04:05.123")),
  "whole": builtin.received(__import__("datetime").datetime(2026, 1, 2, 3, 4, 5)),
  "none": proxy.received(None),
}))`,
      [exporter.url!],
    )) as Record<string, unknown>;
    assert.equal(result['touched'], 'None');
    assert.equal(service.touched, 1);
    assert.deepEqual(result['numbers'], [
      ['float', '1000000000000000.0'],
      ['float', '9007199254740992.0'],
      ['float', '1000000000000000.0'],
    ]);
    assert.deepEqual(result['stamp'], ['DateTime', '20260102T03:04:05.123']);
    assert.equal(result['fraction'], 'Date 2026-01-02T03:04:05.123Z');
    assert.equal(result['whole'], 'Date 2026-01-02T03:04:05.000Z');
    assert.equal(result['none'], 'object null');
  });
});
