import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { XmlRpcServer } from '../../src/index.js';
import { packagesOf, runTraced } from '../helpers/loadedModules.js';
import { root, spindleBin } from '../helpers/nodeProcess.js';
import { runProcess } from '../helpers/runProcess.js';

interface PackageJson {
  readonly exports: Readonly<Record<string, Readonly<Record<string, string>> | string>>;
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;

/** Packages only some users need, which `import 'spindle'` must not load. */
const HEAVY = [
  'etcd3',
  '@grpc/grpc-js',
  '@grpc/proto-loader',
  'protobufjs',
  'inversify',
  'xml2js',
  'yaml',
  'pino',
  'prom-client',
];

/** `node --input-type=module -e "<code>"` in `cwd`, traced. */
function traceModule(code: string, cwd: string): ReturnType<typeof runTraced> {
  return runTraced(['--input-type=module', '-e', code], cwd);
}

/**
 * The package's entries as an installed user meets them (a project with
 * `node_modules/spindle` linked to this checkout): what each exports, what
 * importing it loads, what `spindle call` loads, and that the published
 * `.d.ts` (internal members stripped) type-checks in a strict project.
 */
describe('package entries', function () {
  // Child processes (and one tsc run) on a machine that may be loaded: bounds are generous.
  this.timeout(240_000);

  let project = '';
  before(() => {
    project = mkdtempSync(join(tmpdir(), 'spindle-entries-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(root, join(project, 'node_modules', 'spindle'), 'dir');
    symlinkSync(join(root, 'node_modules', '@types'), join(project, 'node_modules', '@types'), 'dir');
    writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  });
  after(() => {
    rmSync(project, { recursive: true, force: true });
  });

  it('package.json exports spindle, spindle/codec, spindle/etcd, spindle/context-files and spindle/opentelemetry, each with types', () => {
    assert.deepEqual(Object.keys(pkg.exports), [
      '.',
      './codec',
      './etcd',
      './context-files',
      './opentelemetry',
      './package.json',
    ]);
    for (const [entry, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      assert.ok(target['types']?.endsWith('.d.ts'), `${entry} names its types first`);
      assert.equal(target['default'], target['import'], `${entry}: require(esm) gets the same build`);
    }
  });

  it("import 'spindle' loads neither etcd3 nor gRPC (nor inversify, xml2js, yaml, pino, prom-client)", async () => {
    const run = await traceModule(
      "const s = await import('spindle'); console.log(typeof s.ApplicationContext, typeof s.createProxy, typeof s.HighAvailabilityProxy, typeof s.XmlRpcServiceExporter);",
      project,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'function function function function\n');
    const loaded = packagesOf(run.loaded);
    assert.deepEqual(
      loaded.filter((name) => HEAVY.includes(name)),
      [],
      `loaded: ${loaded.join(', ')}`,
    );
    assert.ok(loaded.includes('reflect-metadata'), 'the trace sees packages (reflect-metadata is loaded)');
  });

  it('a context file read through spindle loads the container and the reader then, still not etcd3', async () => {
    writeFileSync(join(project, 'numbers.js'), 'export class Numbers { sum(a, b) { return a + b; } }\n');
    writeFileSync(
      join(project, 'context.yaml'),
      'objects:\n  - object: numbers\n    class: ./numbers.js#Numbers\n',
    );
    const run = await traceModule(
      "const { ApplicationContext } = await import('spindle'); const ctx = await ApplicationContext.load(['context.yaml']); console.log(ctx.get('numbers').sum(2, 3)); await ctx.close();",
      project,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '5\n');
    const loaded = packagesOf(run.loaded);
    assert.ok(loaded.includes('inversify') && loaded.includes('yaml'), `loaded: ${loaded.join(', ')}`);
    assert.deepEqual(
      loaded.filter((name) => name === 'etcd3' || name.startsWith('@grpc/')),
      [],
    );
  });

  it('spindle/codec encodes and decodes on its own, loading no other package', async () => {
    const run = await traceModule(
      "const c = await import('spindle/codec'); const call = c.decodeCall(c.encodeCall('add', [2, new c.XmlRpcDouble(3)])); console.log(call.method, JSON.stringify(call.params), typeof c.dumps, typeof c.loads, typeof c.Fault);",
      project,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'add [2,3] function function function\n');
    assert.deepEqual(packagesOf(run.loaded), []);
  });

  it('spindle/etcd exports discovery and registration; etcd3 loads when the first client is made', async () => {
    const run = await traceModule(
      "const e = await import('spindle/etcd'); console.log(typeof e.EtcdDiscovery, typeof e.EtcdRegistration, typeof e.UrlPolicy, typeof e.parseRegistration); const before = Object.keys((await import('node:module')).createRequire(import.meta.url).cache).some((p) => p.includes('/etcd3/')); const client = e.createEtcdClient({ endpoints: 'http://127.0.0.1:1' }); console.log(before, client.constructor.name); client.close();",
      project,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'function function function function\nfalse Etcd3\n');
    assert.ok(packagesOf(run.loaded).includes('etcd3'));
  });

  it('spindle/context-files reads and checks a context file without creating anything', async () => {
    writeFileSync(join(project, 'check.yaml'), 'objects:\n  - object: a\n    class: ./nowhere.js#Nothing\n');
    const run = await traceModule(
      "const f = await import('spindle/context-files'); const read = await f.readContextWithProblems(['check.yaml']); console.log([...read.context.objects.keys()].join(','), read.problems.length, typeof f.validateDefinitions);",
      project,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'a 0 function\n');
    assert.ok(!packagesOf(run.loaded).includes('inversify'), 'reading a file needs no container');
  });

  it('spindle/opentelemetry gives the trace interceptors, loading @opentelemetry/api and nothing heavy', async () => {
    const run = await traceModule(
      "const o = await import('spindle/opentelemetry'); console.log(typeof o.OpenTelemetryClientInterceptor, typeof o.OpenTelemetryServerInterceptor);",
      project,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'function function\n');
    const loaded = packagesOf(run.loaded);
    assert.ok(loaded.includes('@opentelemetry/api'), `loaded: ${loaded.join(', ')}`);
    assert.deepEqual(
      loaded.filter((name) => HEAVY.includes(name)),
      [],
    );
  });

  it('the root entry keeps internals out: no codec functions, no etcd, no file readers', async () => {
    const run = await traceModule(
      "const s = await import('spindle'); console.log(['encodeCall', 'readContext', 'EtcdDiscovery', 'parseSshUrl', 'servicePaths', 'BasicAuth', 'validateDefinitions'].filter((name) => name in s).join(',') || 'none');",
      project,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'none\n');
  });

  it('spindle call loads no container, context reader, logger library, metrics or etcd', async () => {
    const server = new XmlRpcServer({ port: 0 });
    server.registerFunction('add', (a: number, b: number) => a + b);
    await server.listen();
    try {
      const run = await runTraced([spindleBin, 'call', `${server.baseUrl ?? ''}/`, 'add', '2', '3'], project);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, '5\n');
      const loaded = packagesOf(run.loaded);
      assert.deepEqual(
        loaded.filter((name) => HEAVY.includes(name)),
        [],
        `loaded: ${loaded.join(', ')}`,
      );
      const own = run.loaded.filter((url) =>
        /\/dist\/src\/(container|config|builtins|exporter|ha|discovery)\//.test(url),
      );
      assert.deepEqual(own, []);
    } finally {
      await server.close();
    }
  });

  it('the published .d.ts drop @internal members and type-check in a strict project (skipLibCheck off)', async () => {
    const transport = readFileSync(
      join(root, 'dist', 'src', 'transport', 'client', 'HttpTransport.d.ts'),
      'utf8',
    );
    assert.match(transport, /export declare class HttpTransport/);
    assert.doesNotMatch(transport, /deadlines|acquire\(|cancelWait/, 'internal members are stripped');
    const shared = readFileSync(join(root, 'dist', 'src', 'exporter', 'sharedServers.d.ts'), 'utf8');
    assert.doesNotMatch(shared, /setServerDefaults/);
    writeFileSync(
      join(project, 'use.ts'),
      [
        "import { ApplicationContext, createProxy, HighAvailabilityProxy, HttpTransport, XmlRpcServiceExporter } from 'spindle';",
        "import { encodeCall } from 'spindle/codec';",
        "import { EtcdDiscovery } from 'spindle/etcd';",
        "import { readContext } from 'spindle/context-files';",
        'export const all = [ApplicationContext, createProxy, HighAvailabilityProxy, HttpTransport, XmlRpcServiceExporter, encodeCall, EtcdDiscovery, readContext];',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ['node'],
        },
        files: ['use.ts'],
      }),
    );
    const tsc = await runProcess(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
      {
        cwd: project,
        timeoutMs: 200_000,
      },
    );
    assert.equal(tsc.code, 0, tsc.stdout + tsc.stderr);
  });
});
