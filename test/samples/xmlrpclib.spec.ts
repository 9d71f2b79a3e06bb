import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readContext } from '../../src/entries/contextFiles.js';
import { withoutLocations } from '../config/contextFixtures.js';
import { checkInProcess } from '../helpers/checkInProcess.js';
import { root, runNode, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';
import { freePort } from '../helpers/ports.js';

const sample = join(root, 'samples', 'xmlrpclib-examples');
const spindle = join(root, 'bin', 'spindle.js');
/** Every context exists in both formats (DESIGN §2); every scenario runs with each. */
const formats = ['xml', 'yaml'] as const;

/** Who answers and who asks: the lines that differ between CPython and Spindle. */
interface Sides {
  readonly server: 'spindle' | 'python';
  readonly client: 'spindle' | 'python';
}

/** Every line the client prints, as a pattern (dates and ports vary). */
function expectedLines(sides: Sides): RegExp[] {
  const bool = (value: boolean): string =>
    sides.client === 'python' ? (value ? 'True' : 'False') : String(value);
  const exact = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const fault =
    sides.server === 'spindle'
      ? [
          exact('Fault code: -32603'),
          exact('Fault string: cannot serialize the result of add: cannot marshal Complex objects'),
        ]
      : [
          exact('Fault code: 1'),
          exact("Fault string: <class 'TypeError'>:cannot marshal <class 'complex'> objects"),
        ];
  const signature =
    sides.server === 'python'
      ? '"signatures not supported"' // CPython answers a string when it knows no signature
      : sides.client === 'python'
        ? "[['boolean', 'int']]"
        : '[["boolean","int"]]';
  return [
    exact('== Boolean objects'),
    exact(`3 is even: ${bool(false)}`),
    exact(`100 is even: ${bool(true)}`),
    exact('== DateTime objects'),
    /^Today: \d\d\.\d\d\.\d{4}, \d\d:\d\d$/,
    exact('== Binary objects'),
    exact(`fetched_python_logo.png: 90 bytes, PNG signature: ${bool(true)}`),
    exact('== Fault objects'),
    exact('A fault occurred'),
    ...fault,
    exact('== ProtocolError objects'),
    exact('A protocol error occurred'),
    // CPython's ProtocolError.url is host:port/path, without the scheme.
    sides.client === 'python' ? /^URL: 127\.0\.0\.1:\d+\/$/ : /^URL: http:\/\/127\.0\.0\.1:\d+\/$/,
    exact('HTTP/HTTPS headers: content-type: text/html; charset=UTF-8'),
    exact('Error code: 404'),
    exact('Error message: Not Found'),
    exact('== MultiCall objects'),
    exact('7+3=10, 7-3=4, 7*3=21, 7/3=2'),
    exact('== Introspection'),
    exact(
      'system.listMethods: currentTime.getCurrentTime, examples.getStateName, is_even, python_logo, today',
    ),
    exact(`system.methodSignature('is_even'): ${signature}`),
    exact("system.methodHelp('is_even'): Return True when n is even."),
    exact('== Example of client usage'),
    exact('South Dakota'),
    exact('== ProxiedTransport'),
    /^currentTime\.getCurrentTime: \d{8}T\d\d:\d\d:\d\d$/,
    /^\(the HTTP proxy forwarded: POST http:\/\/127\.0\.0\.1:\d+\/RPC2\)$/,
  ];
}

/** Checks the examples' output (after any lines before the first heading) and the fetched logo. */
function assertExamples(stdout: string, sides: Sides, outDir: string): void {
  const lines = stdout.trimEnd().split('\n');
  const start = lines.indexOf('== Boolean objects');
  assert.ok(start >= 0, stdout);
  const patterns = expectedLines(sides);
  assert.equal(lines.length - start, patterns.length, stdout);
  patterns.forEach((pattern, index) => {
    assert.match(lines[start + index] ?? '', pattern);
  });
  assert.deepEqual(
    readFileSync(join(outDir, 'fetched_python_logo.png')),
    readFileSync(join(sample, 'python_logo.png')),
  );
}

/** Runs `python3 args` in the sample folder to the end (killed after 45 s). */
function runPython3(
  args: readonly string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('python3', ['-u', ...args], { cwd: sample, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("samples/xmlrpclib-examples (every example of CPython's xmlrpclib page)", function () {
  this.timeout(90_000);
  let outDir: string;
  beforeEach(() => {
    outDir = mkdtempSync(join(tmpdir(), 'spindle-xmlrpclib-'));
  });
  afterEach(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  for (const format of formats) {
    describe(`with the ${format.toUpperCase()} context files`, () => {
      it(`Spindle on both sides, one command (server.${format} and client.${format} in one process)`, async () => {
        const run = await runNode(['--import', 'tsx', 'client.ts', `server.${format}`, `client.${format}`], {
          cwd: sample,
          env: { PORT: String(await freePort()), OUT_DIR: outDir },
          timeoutMs: 60_000,
        });
        assert.equal(run.code, 0, run.stderr);
        assertExamples(run.stdout, { server: 'spindle', client: 'spindle' }, outDir);
      });

      it(`Python server, Spindle client: withPython.ts server --format ${format}`, async () => {
        const run = await runNode(['--import', 'tsx', 'withPython.ts', 'server', '--format', format], {
          cwd: sample,
          env: { OUT_DIR: outDir },
          timeoutMs: 60_000,
        });
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /^Listening on port \d+\.\.\.\n/);
        assertExamples(run.stdout, { server: 'python', client: 'spindle' }, outDir);
      });

      it(`Spindle server, Python client: withPython.ts client --format ${format}`, async () => {
        const run = await runNode(['--import', 'tsx', 'withPython.ts', 'client', '--format', format], {
          cwd: sample,
          env: { OUT_DIR: outDir },
          timeoutMs: 60_000,
        });
        assert.equal(run.code, 0, run.stderr);
        assertExamples(run.stdout, { server: 'spindle', client: 'python' }, outDir);
      });

      describe(`as separate processes: spindle run server.${format}`, () => {
        let server: RunningProcess;
        let port: number;
        before(async () => {
          port = await freePort();
          server = startNode([spindle, 'run', `server.${format}`], {
            cwd: sample,
            env: { PORT: String(port) },
          });
          await server.waitFor(/^spindle: ready/m, 30_000);
        });
        after(async () => {
          await server.stop('SIGKILL');
        });

        it('serves the three example services on one port', () => {
          const lines = server.stdout().split('\n');
          const url = `http://127.0.0.1:${port}`;
          assert.ok(
            lines.includes(
              `spindle: 'examplesExporter' serving ${url}/ (methods: currentTime.getCurrentTime, examples.getStateName, is_even, python_logo, today)`,
            ),
            server.stdout(),
          );
          assert.ok(lines.includes(`spindle: 'faultExporter' serving ${url}/fault (methods: add)`));
          assert.ok(
            lines.includes(
              `spindle: 'mathExporter' serving ${url}/math (methods: add, divide, multiply, subtract)`,
            ),
          );
        });

        it(`client.ts with client.${format} in its own process`, async () => {
          const run = await runNode(['--import', 'tsx', 'client.ts', `client.${format}`], {
            cwd: sample,
            env: { PORT: String(port), OUT_DIR: outDir },
            timeoutMs: 60_000,
          });
          assert.equal(run.code, 0, run.stderr);
          assertExamples(run.stdout, { server: 'spindle', client: 'spindle' }, outDir);
        });

        it('python/client.py (the seed code, with its ProxiedTransport) in its own process', async () => {
          const run = await runPython3(['python/client.py', `http://127.0.0.1:${port}`, outDir]);
          assert.equal(run.code, 0, run.stderr);
          assertExamples(run.stdout, { server: 'spindle', client: 'python' }, outDir);
        });
      });
    });
  }

  it('server.yaml and client.yaml read into the same model as server.xml and client.xml', async () => {
    for (const name of ['server', 'client']) {
      const xml = await readContext([join(sample, `${name}.xml`)], { env: {} });
      const yaml = await readContext([join(sample, `${name}.yaml`)], { env: {} });
      assert.ok(xml.objects.size >= 5, name);
      assert.deepEqual(withoutLocations(yaml.objects), withoutLocations(xml.objects), name);
    }
  });

  it('the sample contexts pass spindle check', async () => {
    // The first through the installed command, as a user types it; the others in this process.
    for (const [i, file] of formats.flatMap((format) => [`server.${format}`, `client.${format}`]).entries()) {
      const run =
        i === 0
          ? await runNode([spindle, 'check', file], { cwd: sample })
          : await checkInProcess(join(sample, file));
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^ok: \d+ objects in 1 file\(s\)\n$/, file);
    }
  });
});
