import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { sleep, waitFor } from '../discovery/harness/wait.js';
import { spindleBin, startNode } from '../helpers/nodeProcess.js';
import type { RunningProcess } from '../helpers/nodeProcess.js';
import { freePort, isListening } from '../helpers/ports.js';

const service = `export class Echo { echo(value) { return value; } }\n`;

const contextXml = `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="echo" class="./service.js#Echo"/>
  <object id="Echo" class="XmlRpcServiceExporter">
    <property name="service" ref="echo"/>
    <property name="serviceName" value="Echo"/>
    <property name="servicePort" value="\${PORT}"/>
  </object>
</objects>
`;

// A user's terminal: starts "npm" and leaves (as a shell does on logout under nohup, or tmux detaching).
const terminal = `import { spawn } from 'node:child_process';
const child = spawn(process.execPath, process.argv.slice(2), { stdio: ['ignore', 'inherit', 'inherit'] });
console.log('npm pid ' + child.pid);
process.stdin.on('data', () => process.exit(0));
`;

// npm run: a node process (not a shell) that runs the script and lives as long as it does.
const npm = `import { spawn } from 'node:child_process';
const env = { ...process.env, npm_command: 'run-script', npm_lifecycle_event: 'serve' };
const child = spawn(process.execPath, process.argv.slice(2), { stdio: ['ignore', 'inherit', 'inherit'], env });
console.log('spindle pid ' + child.pid);
child.on('exit', (code) => process.exit(code ?? 1));
`;

/** Whether `pid` runs (a zombie left for a parent that does not reap it counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function parentPid(pid: number): number {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/**
 * `spindle run` started by npm stops when npm is gone, and only then: npm's
 * own parent leaving (a nohup'd `npm run serve &` after logout) must not stop
 * a server that npm still runs.
 */
describe('spindle run under npm: the parent watch', function () {
  // Real processes on a machine that may be loaded: bounds are generous.
  this.timeout(90_000);

  let dir = '';
  let launcher: RunningProcess | undefined;
  const pids: number[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-parent-watch-'));
    writeFileSync(join(dir, 'service.js'), service);
    writeFileSync(join(dir, 'echo.xml'), contextXml);
    writeFileSync(join(dir, 'terminal.mjs'), terminal);
    writeFileSync(join(dir, 'npm.mjs'), npm);
  });
  afterEach(async () => {
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    pids.length = 0;
    await launcher?.stop('SIGKILL');
    launcher = undefined;
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps serving when npm's parent leaves, and stops when npm itself is killed", async () => {
    if (process.platform !== 'linux') return;
    const port = await freePort();
    launcher = startNode(
      [
        join(dir, 'terminal.mjs'),
        join(dir, 'npm.mjs'),
        spindleBin,
        'run',
        'echo.xml',
        '--set',
        `PORT=${String(port)}`,
      ],
      { cwd: dir },
    );
    await launcher.waitFor(/^spindle: ready/m, 60_000);
    const npmPid = Number(/^npm pid (\d+)$/m.exec(launcher.stdout())?.[1]);
    const spindlePid = Number(/^spindle pid (\d+)$/m.exec(launcher.stdout())?.[1]);
    pids.push(spindlePid, npmPid);
    const terminalPid = launcher.child.pid;
    const exited = new Promise((resolve) => launcher?.child.once('exit', resolve));
    launcher.child.stdin.write('bye\n');
    await exited;
    await waitFor('npm to be reparented', () => Promise.resolve(parentPid(npmPid) !== terminalPid), 20_000);
    // The watch polls every 500 ms: several rounds pass while npm is alive and serving.
    await sleep(3000);
    assert.equal(alive(spindlePid), true, `spindle run stopped: ${launcher.stdout()}`);
    assert.doesNotMatch(launcher.stdout(), /is gone|stopped/);
    assert.equal(await isListening(port), true);
    // The watch itself works: npm killed, the server stops rather than serving orphaned.
    process.kill(npmPid, 'SIGKILL');
    await waitFor('spindle run to stop', () => Promise.resolve(!alive(spindlePid)), 30_000);
    assert.equal(await isListening(port), false);
  });
});
