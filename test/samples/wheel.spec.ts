import assert from 'node:assert/strict';
import { join } from 'node:path';

import { checkInProcess } from '../helpers/checkInProcess.js';
import { root, runNode, runSpindle, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';
import { freePort } from '../helpers/ports.js';
import { runPython } from '../helpers/pythonProcess.js';

const sample = join(root, 'samples', 'wheel');
const spindle = join(root, 'bin', 'spindle.js');
const RED = new Set([1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36]);

/** The seed's rules, written again here so a wrong colour in wheel.ts is caught. */
function expectedSpin(number: string): string[] {
  if (number === '0' || number === '00') return [number, 'GREEN', 'ZERO', 'ZERO'];
  const n = Number(number);
  return [number, RED.has(n) ? 'RED' : 'BLACK', n % 2 === 0 ? 'EVEN' : 'ODD', n <= 18 ? 'LOW' : 'HIGH'];
}

function assertSpin(value: unknown): void {
  assert.ok(Array.isArray(value) && value.length === 4, `not a 4-array: ${JSON.stringify(value)}`);
  const number = value[0] as string;
  assert.match(number, /^(00|[0-9]|[12][0-9]|3[0-6])$/);
  assert.deepEqual(value, expectedSpin(number));
}

async function startServer(file: string, port: number): Promise<RunningProcess> {
  const server = startNode([spindle, 'run', file], { cwd: sample, env: { PORT: String(port) } });
  await server.waitFor(/^spindle: ready/m, 30_000);
  return server;
}

describe('samples/wheel (the roulette service of the xmlrpclib tutorial)', function () {
  this.timeout(60_000);

  for (const format of ['xml', 'yaml']) {
    describe(`in ${format.toUpperCase()}`, () => {
      let server: RunningProcess | undefined;
      afterEach(async () => {
        await server?.stop('SIGKILL');
        server = undefined;
      });

      it('spindle run serves spin and spinList; the client process spins ten times', async () => {
        const port = await freePort();
        server = await startServer(`server.${format}`, port);
        assert.match(
          server.stdout(),
          new RegExp(`'wheelExporter' serving http://127\\.0\\.0\\.1:${port}/ \\(methods: spin, spinList\\)`),
        );
        const client = await runNode(['--import', 'tsx', 'client.ts', `client.${format}`], {
          cwd: sample,
          env: { PORT: String(port) },
          timeoutMs: 45_000,
        });
        assert.equal(client.code, 0, client.stderr);
        const lines = client.stdout.trimEnd().split('\n');
        assert.equal(lines.length, 10, client.stdout);
        for (const line of lines) assertSpin(JSON.parse(line));
        assert.equal(await server.stop('SIGINT'), 0);
      });
    });
  }

  it("the README's one command: server and client contexts in one process", async () => {
    const port = await freePort();
    const run = await runNode(['--import', 'tsx', 'client.ts', 'server.xml', 'client.xml'], {
      cwd: sample,
      env: { PORT: String(port) },
      timeoutMs: 45_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 10);
    for (const line of lines) assertSpin(JSON.parse(line));
  });

  it('every context file passes spindle check', async () => {
    // The first through the installed command, as a user types it; the others in this process.
    for (const [i, file] of ['server.xml', 'server.yaml', 'client.xml', 'client.yaml'].entries()) {
      const run =
        i === 0
          ? await runNode([spindle, 'check', file], { cwd: sample })
          : await checkInProcess(join(sample, file));
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^ok: \d+ objects? in 1 file\(s\)\n$/, file);
    }
  });

  describe('what the server exposes', () => {
    let server: RunningProcess;
    let url: string;
    before(async () => {
      const port = await freePort();
      server = await startServer('server.xml', port);
      url = `http://127.0.0.1:${port}/`;
    });
    after(async () => {
      await server.stop('SIGKILL');
    });

    it('system.listMethods lists spin and spinList and no private helper', async () => {
      const run = await runSpindle(['call', '--json', url, 'system.listMethods']);
      assert.equal(run.code, 0, run.stderr);
      const names = JSON.parse(run.stdout) as string[];
      assert.deepEqual(
        names.filter((name) => !name.startsWith('system.')),
        ['spin', 'spinList'],
      );
    });

    it('_color, _even and _high are not callable: fault -32601', async () => {
      for (const name of ['_color', '_even', '_high']) {
        const run = await runSpindle(['call', '--json', url, name, '"7"']);
        assert.equal(run.code, 1, name);
        const fault = JSON.parse(run.stdout) as { faultCode: number; faultString: string };
        assert.equal(fault.faultCode, -32601, name);
        assert.match(fault.faultString, new RegExp(name));
      }
    });

    it('spinList(3) answers three tuples as arrays', async () => {
      const run = await runSpindle(['call', '--json', url, 'spinList', '3']);
      assert.equal(run.code, 0, run.stderr);
      const spins = JSON.parse(run.stdout) as unknown[];
      assert.equal(spins.length, 3);
      for (const spin of spins) assertSpin(spin);
    });

    it("CPython's ServerProxy gets lists, and a Fault for _color", async () => {
      const result = await runPython(
        String.raw`
import json, sys, xmlrpc.client
proxy = xmlrpc.client.ServerProxy(sys.argv[1])
spin = proxy.spin()
try:
    proxy._color("7")
    code = None
except xmlrpc.client.Fault as fault:
    code = fault.faultCode
print(json.dumps({"spin": spin, "type": type(spin).__name__, "code": code}))
`,
        [url],
      );
      assert.equal(result.code, 0, result.stderr);
      const answer = JSON.parse(result.stdout) as { spin: unknown; type: string; code: number };
      assert.equal(answer.type, 'list');
      assertSpin(answer.spin);
      assert.equal(answer.code, -32601);
    });
  });
});
