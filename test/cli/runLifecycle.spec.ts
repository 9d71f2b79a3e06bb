import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createProxy } from '../../src/proxy/createProxy.js';
import { waitFor } from '../discovery/harness/wait.js';
import { root, runNode, spindleBin, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';
import { closedPort, freePort, freePortRun, isListening } from '../helpers/ports.js';

const service = `import { writeFileSync } from 'node:fs';
export class Slow {
  wait(ms) {
    console.log('wait started');
    return new Promise((resolve) => setTimeout(() => resolve('done'), ms));
  }
}
export class Worker {
  constructor() { this.marker = process.env.MARKER; }
  stop() { if (this.marker) writeFileSync(this.marker, 'destroyed'); }
}
`;

const exporterXml = (ids: readonly string[]): string =>
  `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="slow" class="./service.js#Slow"/>
${ids
  .map(
    (id) => `  <object id="${id}" class="XmlRpcServiceExporter">
    <property name="service" ref="slow"/>
    <property name="serviceName" value="${id}"/>
    <property name="servicePort" value="\${PORT}"/>
  </object>
`,
  )
  .join('')}</objects>
`;

const workerXml = `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="worker" class="./service.js#Worker" destroy-method="stop"/>
</objects>
`;

/** The npx script on PATH, run with this node (so the test starts npx → sh → node spindle, as a user does). */
function npxCli(): string {
  return realpathSync(execFileSync('sh', ['-c', 'command -v npx'], { encoding: 'utf8' }).trim());
}

/** Waits until nothing listens on `port` any more (a server left behind would keep it). */
async function released(port: number): Promise<void> {
  await waitFor(`port ${String(port)} to be released`, async () => !(await isListening(port)), 20_000);
}

/**
 * `spindle run` as a user meets it, with real processes: the ready line, a
 * worker context, the drain after Ctrl-C, the crash-loop limit of
 * `--replicas`, and no server left behind when its parent is killed.
 */
describe('spindle run: ready line, worker, drain, crash loop, parent death', function () {
  // Real processes (npx among them) on a machine that may be loaded: bounds are generous.
  this.timeout(120_000);

  let dir = '';
  let running: RunningProcess[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-run-life-'));
    writeFileSync(join(dir, 'service.js'), service);
    writeFileSync(join(dir, 'one.xml'), exporterXml(['Slow']));
    writeFileSync(join(dir, 'two.xml'), exporterXml(['Calc', 'Other']));
    writeFileSync(join(dir, 'worker.xml'), workerXml);
  });
  afterEach(async () => {
    for (const process of running) await process.stop('SIGKILL');
    running = [];
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (args: readonly string[], env: Record<string, string> = {}): RunningProcess => {
    const process = startNode([spindleBin, 'run', ...args], { cwd: dir, env });
    running.push(process);
    return process;
  };

  it('prints one ready line naming every exporter URL, after the exporters listen', async () => {
    const port = await freePort();
    const server = start(['two.xml', '--set', `PORT=${String(port)}`]);
    await server.waitFor(/^spindle: ready/m);
    const base = `http://127.0.0.1:${String(port)}`;
    const lines = server.stdout().trimEnd().split('\n');
    assert.equal(
      lines.at(-1),
      `spindle: ready — 2 exporters: ${base}/Calc, ${base}/Other (3 objects); stop with Ctrl-C`,
    );
    assert.equal(lines.filter((line) => line.startsWith('spindle: ready')).length, 1);
    assert.equal(await isListening(port), true, 'the ready line comes once the port accepts');
    assert.equal(await server.stop('SIGTERM'), 0);
  });

  it('keeps a context with no exporter running as a worker until a signal, then destroys it', async () => {
    const marker = join(dir, 'destroyed.txt');
    const worker = start(['worker.xml'], { MARKER: marker });
    await worker.waitFor(/^spindle: ready/m);
    assert.equal(
      worker.stdout(),
      'spindle: ready — no exporter; running as a worker (1 object) until SIGINT or SIGTERM; stop with Ctrl-C\n',
    );
    // Before this fix the process exited 13 on its own right after that line; a signal now stops it.
    assert.equal(await worker.stop('SIGINT'), 0);
    assert.match(worker.stdout(), /spindle: stopped\n$/);
    assert.equal(readFileSync(marker, 'utf8'), 'destroyed', 'destroy-method ran');
  });

  it('after Ctrl-C says which call it waits for; a second Ctrl-C exits at once', async () => {
    const port = await freePort();
    const server = start(['one.xml', '--set', `PORT=${String(port)}`]);
    await server.waitFor(/^spindle: ready/m);
    const proxy = createProxy<{ wait(ms: number): Promise<string> }>(`http://127.0.0.1:${String(port)}/Slow`);
    const stuck = proxy.wait(600_000).catch((error: unknown) => error);
    await server.waitFor(/^wait started$/m);
    server.child.kill('SIGINT');
    await server.waitFor(
      /^spindle: stopping; waiting for 1 call: Slow\.wait \(running \d+\.\d s\); press Ctrl-C again to stop at once$/m,
    );
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.match(server.stdout(), /^spindle: second SIGINT; exiting now \(abandoning 1 call: Slow\.wait/m);
    assert.doesNotMatch(server.stdout(), /spindle: stopped/);
    assert.ok((await stuck) instanceof Error, 'the abandoned call failed rather than hanging');
    await released(port);
  });

  it('a hangup (the terminal closed) drains like SIGTERM, and a second one does not cut the drain short', async () => {
    const port = await freePort();
    const server = start(['one.xml', '--set', `PORT=${String(port)}`]);
    await server.waitFor(/^spindle: ready/m);
    const proxy = createProxy<{ wait(ms: number): Promise<string> }>(`http://127.0.0.1:${String(port)}/Slow`);
    const call = proxy.wait(3000);
    await server.waitFor(/^wait started$/m);
    server.child.kill('SIGHUP');
    await server.waitFor(/^spindle: stopping; waiting for 1 call: Slow\.wait/m);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGHUP');
    assert.equal(await call, 'done', 'the call running at the hangup was answered');
    assert.equal(await exited, 0, 'a graceful stop, not death by SIGHUP');
    assert.match(server.stdout(), /spindle: stopped\n$/);
    await released(port);
  });

  it('--replicas gives up after 5 failed starts in a row, stops every replica and exits 1 saying why', async () => {
    const result = await runNode([spindleBin, 'run', '--replicas', '2', join(dir, 'missing.xml')], {
      cwd: dir,
      timeoutMs: 100_000,
    });
    assert.equal(result.timedOut, false);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^spindle: replica [01] failed to start 5 times in a row \(last: exit with code 1\); giving up and stopping all replicas — see its error above$/m,
    );
    assert.match(
      result.stderr,
      /\[replica [01]\] .*missing\.xml:1:1: context file '.*missing\.xml' does not exist/,
    );
    assert.match(result.stderr, /spindle: all replicas stopped\n$/);
  });

  it('--replicas prints one ready line once every replica is ready', async () => {
    const port = await freePortRun(2);
    const supervisor = start(['--replicas', '2', 'one.xml', '--set', `PORT=${String(port)}`]);
    await supervisor.waitFor(/^spindle: ready — 2 replicas; stop with Ctrl-C$/m, 60_000);
    const ready = supervisor.stdout().match(/^\[replica [01]\] spindle: ready — 1 exporter/gm) ?? [];
    assert.equal(ready.length, 2);
    assert.deepEqual([await isListening(port), await isListening(port + 1)], [true, true]);
    assert.equal(await supervisor.stop('SIGTERM', 60_000), 0);
  });

  it('a SIGKILLed --replicas supervisor leaves no replica serving (the IPC lifeline)', async () => {
    const port = await freePortRun(2);
    const supervisor = start(['--replicas', '2', 'one.xml', '--set', `PORT=${String(port)}`]);
    await supervisor.waitFor(/^spindle: ready — 2 replicas/m, 60_000);
    assert.equal(await supervisor.stop('SIGKILL'), null);
    await released(port);
    await released(port + 1);
  });

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`killing npx with ${signal} leaves no server behind`, async () => {
      const port = await freePort();
      // `npx spindle` in the package directory runs this checkout's bin, as a user's `npx` would.
      const npx = startNode(
        [npxCli(), '--offline', 'spindle', 'run', join(dir, 'one.xml'), '--set', `PORT=${String(port)}`],
        { cwd: root },
      );
      running.push(npx);
      await npx.waitFor(/^spindle: ready/m, 60_000);
      npx.child.kill(signal);
      await released(port);
    });
  }

  it('"etcd unreachable" names the endpoint and the cause, on one line', async () => {
    const etcdPort = await closedPort();
    const port = await freePort();
    const result = await runNode(
      [
        spindleBin,
        'run',
        join(root, 'samples', 'etcd-cluster', 'server.xml'),
        '--set',
        `PORT=${String(port)}`,
        '--set',
        `ETCD=http://127.0.0.1:${String(etcdPort)}`,
        '--log-level',
        'silent',
      ],
      { timeoutMs: 60_000 },
    );
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.split('\n').length, 2, `one line: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`http://127\\.0\\.0\\.1:${String(etcdPort)}`));
    assert.match(result.stderr, /ECONNREFUSED/);
    assert.match(result.stderr, /is etcd running/);
    await released(port);
  });
});
