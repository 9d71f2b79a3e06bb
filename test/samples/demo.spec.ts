import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkInProcess } from '../helpers/checkInProcess.js';
import { root, runNode, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';
import { isListening } from '../helpers/ports.js';

const sample = join(root, 'samples', 'demo');
const demo = ['--import', 'tsx', join(sample, 'demo.ts')];

/** True while process `pid` exists. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pids the demo says it started, and the port of replica 0. */
function processesAndPorts(stdout: string): { pids: number[]; base: number } {
  const pids = /all (\d+) processes ended \(pids ([\d, ]+)\)/.exec(stdout);
  assert.ok(pids !== null, stdout);
  const list = (pids[2] ?? '').split(', ').map(Number);
  assert.equal(list.length, Number(pids[1]));
  const base = Number(/--set PORT=(\d+)/.exec(stdout)?.[1]);
  assert.ok(Number.isInteger(base), stdout);
  return { pids: list, base };
}

async function assertNothingLeft(stdout: string): Promise<void> {
  const { pids, base } = processesAndPorts(stdout);
  for (const pid of pids) assert.equal(isRunning(pid), false, `process ${pid} is still running`);
  for (let i = 0; i < 3; i++)
    assert.equal(await isListening(base + i), false, `port ${base + i} still listens`);
}

describe('samples/demo (npm run demo: three replicas, a pool, a replica killed and back)', function () {
  this.timeout(90_000);

  it('npm run demo builds, then runs demo.ts through tsx', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    assert.equal(pkg.scripts['demo'], 'tsc -p tsconfig.json && node --import tsx samples/demo/demo.ts');
  });

  it('tells the story: every call answered, replica 1 killed, ejected, restarted, re-admitted; exit 0, nothing left', async () => {
    const run = await runNode(demo, { cwd: root, timeoutMs: 80_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const out = run.stdout;
    const lines = out.split('\n');

    const calls = lines.filter((line) => / client {3}call +\d+ /.test(line));
    assert.ok(calls.length >= 15, `only ${calls.length} calls:\n${out}`);
    assert.deepEqual(
      calls.filter((line) => line.includes('failed:')),
      [],
      'no call failed',
    );
    assert.match(out, new RegExp(`${calls.length} calls, ${calls.length} answered, 0 failed`));

    const kill = lines.findIndex((line) => /demo {5}killing replica 1 \(pid \d+\) with SIGKILL/.test(line));
    assert.ok(kill > 0, out);
    const victim = /pid (\d+)/.exec(lines[kill] ?? '')?.[1];
    const before = new Set(
      calls.filter((line) => lines.indexOf(line) < kill).map((line) => /→ (replica \d)/.exec(line)?.[1]),
    );
    assert.deepEqual(
      [...before].sort(),
      ['replica 0', 'replica 1', 'replica 2'],
      'round-robin over all three first',
    );

    const ejected = lines.findIndex((line) => / pool {5}replica 1 ejected: /.test(line));
    const restarted = lines.findIndex(
      (line, i) => i > kill && / cluster {2}replica 1 started \(pid \d+\)/.test(line),
    );
    const back = lines.findIndex((line) => / pool {5}replica 1 re-admitted: /.test(line));
    assert.ok(ejected > kill, `ejected after the kill:\n${out}`);
    assert.ok(restarted > kill, `restarted after the kill:\n${out}`);
    assert.ok(back > ejected && back > restarted, `re-admitted after both:\n${out}`);
    const newPid = /started \(pid (\d+)\)/.exec(lines[restarted] ?? '')?.[1];
    assert.notEqual(newPid, victim);
    assert.ok(
      lines.slice(back).some((line) => line.includes(`→ replica 1 (pid ${newPid})`)),
      `the restarted replica answers again:\n${out}`,
    );
    assert.match(out, /The story held/);
    await assertNothingLeft(out);
  });

  describe('Ctrl-C', () => {
    let running: RunningProcess | undefined;
    afterEach(async () => {
      await running?.stop('SIGKILL');
      running = undefined;
    });

    it('SIGINT mid-run (YAML files) stops the client and the whole cluster, exit 130, nothing left', async () => {
      running = startNode([...demo, '--format', 'yaml'], { cwd: root });
      await running.waitFor(/call {2}3 → /, 60_000);
      assert.match(running.stdout(), /spindle run --replicas 3 \S*server\.yaml/);
      assert.equal(await running.stop('SIGINT', 30_000), 130, running.stdout() + running.stderr());
      assert.match(running.stdout(), /SIGINT: stopping the client, then the cluster/);
      assert.match(running.stdout(), /spindle: all replicas stopped/);
      await assertNothingLeft(running.stdout());
    });
  });

  it('every context file of the demo passes spindle check', async () => {
    // The first through the installed command, as a user types it; the others in this process.
    for (const [i, file] of ['server.xml', 'server.yaml', 'client.xml', 'client.yaml'].entries()) {
      const run =
        i === 0
          ? await runNode([join(root, 'bin', 'spindle.js'), 'check', file], { cwd: sample })
          : await checkInProcess(join(sample, file));
      assert.equal(run.code, 0, run.stdout + run.stderr);
    }
  });
});
