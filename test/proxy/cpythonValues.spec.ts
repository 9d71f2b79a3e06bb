import assert from 'node:assert/strict';

import { createProxy, invokerOf } from '../../src/index.js';
import type { PythonProcess } from '../helpers/pythonProcess.js';
import { startPython } from '../helpers/pythonProcess.js';

/**
 * A CPython server that reports what it received: `kinds` answers the Python
 * type and text of each argument, `echo` returns its argument as received
 * (a DateTime keeps its text, fraction included), `nothing` returns None.
 */
const SERVER = String.raw`
from xmlrpc.server import SimpleXMLRPCServer
from xmlrpc.client import DateTime

def kinds(*args):
    return [[type(a).__name__, a.value if isinstance(a, DateTime) else repr(a)] for a in args]

def nothing():
    return None

server = SimpleXMLRPCServer(('127.0.0.1', 0), logRequests=False, allow_none=True)
server.register_function(kinds, 'kinds')
server.register_function(lambda value: value, 'echo')
server.register_function(nothing, 'nothing')
print(server.server_address[1], flush=True)
server.serve_forever()
`;

interface PythonService {
  kinds(...args: unknown[]): [string, string][];
  echo<T>(value: T): T;
  nothing(): null;
}

describe('values between a Spindle proxy and a CPython server', function () {
  this.timeout(20_000);
  let python: PythonProcess;
  let service: ReturnType<typeof createProxy<PythonService>>;

  before(async () => {
    python = await startPython(SERVER);
    service = createProxy<PythonService>(`http://127.0.0.1:${python.port}/`, { timeoutMs: 10_000 });
  });

  after(async () => {
    await invokerOf(service).close();
    await python.close();
  });

  it("gives a None result as null, JSON's reading of a foreign nil", async () => {
    assert.strictEqual(await service.nothing(), null);
  });

  it('sends undefined and null arguments as nil, which CPython reads as None', async () => {
    assert.deepEqual(await service.kinds(undefined, null, 1), [
      ['NoneType', 'None'],
      ['NoneType', 'None'],
      ['int', '1'],
    ]);
  });

  it('sends integral numbers beyond 32 bits as floats CPython reads exactly, and reads them back', async () => {
    assert.deepEqual(await service.kinds(1e15, 2 ** 53, -(2 ** 31) - 1, 2 ** 31 - 1), [
      ['float', '1000000000000000.0'],
      ['float', '9007199254740992.0'],
      ['float', '-2147483649.0'],
      ['int', '2147483647'],
    ]);
    assert.equal(await service.echo(1e15), 1e15);
    assert.equal(await service.echo(2 ** 53), 2 ** 53);
  });

  it('sends a Date with milliseconds as a fraction CPython keeps, and reads it back as the same Date', async () => {
    const when = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 123));
    assert.deepEqual(await service.kinds(when, new Date(Date.UTC(2026, 0, 2, 3, 4, 5))), [
      ['DateTime', '20260102T03:04:05.123'],
      ['DateTime', '20260102T03:04:05'],
    ]);
    assert.deepStrictEqual(await service.echo(when), when);
  });
});
