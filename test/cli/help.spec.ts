import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { root, runSpindle } from '../helpers/nodeProcess.js';

const OVERVIEW = [
  'Usage: spindle <command> [options]',
  '',
  'Commands:',
  '  run       load context files, start every exporter, serve until SIGINT/SIGTERM',
  '  check     validate context files without starting anything',
  '  call      make one XML-RPC call and print the result as JSON',
  "  describe  list a server's methods with signatures and help",
  '  bridge    answer one XML-RPC request read on stdin (the ssh forced command)',
  '',
  'Examples:',
  '  spindle run server.xml                       serve the exporters of a context file',
  '  spindle check server.xml client.xml          validate without starting anything',
  '  spindle call http://127.0.0.1:8000/ add 2 3  one call, the result as JSON',
  "  spindle describe http://127.0.0.1:8000/      the server's methods, signatures and help",
  '',
  "Run 'spindle <command> --help' for a command's options and examples;",
  "'spindle --version' (or -v) prints the version.",
  'Exit codes: 0 ok, 1 user error (bad context file, failed call), 2 usage error.',
  'Colour only on a terminal, never when NO_COLOR is set. Documentation: docs/cli.md.',
  '',
].join('\n');

const ESC = '\u001b[';

/** Runs bin/spindle.js under a pseudo-terminal (CPython's pty module), so stdout is a TTY. */
function runInTerminal(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const script =
    'import pty, sys, os\nstatus = pty.spawn(sys.argv[1:])\nsys.exit(os.waitstatus_to_exitcode(status))';
  const child = spawn('python3', ['-c', script, process.execPath, join(root, 'bin', 'spindle.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('spindle --help, usage and exit codes', function () {
  this.timeout(30_000);

  it('spindle --help (and -h, help) prints the overview with examples on stdout and exits 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const run = await runSpindle([flag]);
      assert.equal(run.code, 0, flag);
      assert.equal(run.stdout, OVERVIEW, flag);
      assert.equal(run.stderr, '', flag);
    }
  });

  it('spindle --version (and -v) prints the version of package.json on stdout and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const run = await runSpindle([flag]);
      assert.deepEqual([run.code, run.stdout, run.stderr], [0, `${pkg.version}\n`, ''], flag);
    }
  });

  it('errors that are not usage errors are one line, without the usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spindle-oneline-'));
    try {
      const run = await runSpindle(['run', join(dir, 'missing.xml')]);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr.split('\n').length, 2, `one line: ${run.stderr}`);
      assert.match(run.stderr, /missing\.xml/);
      assert.doesNotMatch(run.stderr, /Usage:|\n {4}at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no command is a usage error: the overview on stderr, exit 2', async () => {
    const run = await runSpindle([]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, OVERVIEW);
  });

  it('an unknown command exits 2 naming it', async () => {
    const run = await runSpindle(['frobnicate']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `spindle: unknown command 'frobnicate'\n\n${OVERVIEW}`);
  });

  for (const command of ['run', 'check', 'call', 'describe']) {
    it(`spindle ${command} --help: usage, options, exit codes and examples, exit 0`, async () => {
      const run = await runSpindle([command, '--help']);
      assert.equal(run.code, 0);
      assert.equal(run.stderr, '');
      const lines = run.stdout.split('\n');
      assert.ok(lines[0]?.startsWith(`Usage: spindle ${command} `), lines[0]);
      assert.ok(lines.includes('Options:'));
      assert.ok(lines.some((line) => /^Exit codes: 0 .*, 1 .*, 2 usage error\.$/.test(line)));
      const examples = lines.indexOf('Examples:');
      assert.ok(examples > 0);
      assert.ok(lines[examples + 1]?.startsWith(`  spindle ${command} `));
    });
  }

  it('run, call and describe --help list the options docs/cli.md documents, no more, no less', async () => {
    const docs = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');
    /** The options in the first column of the section's option table (describe shares call's). */
    const documented = (command: string): string[] => {
      const section = docs.split(`\n## spindle ${command}\n`)[1]?.split('\n## ')[0] ?? '';
      const cells = section
        .split('\n')
        .filter((line) => line.startsWith('| `--'))
        .map((line) => line.split(' | ')[0] ?? '');
      return cells
        .flatMap((cell) => [...cell.matchAll(/`(--[a-z-]*)/g)].map((match) => match[1] ?? ''))
        .sort();
    };
    for (const [command, section] of [
      ['run', 'run'],
      ['call', 'call'],
      ['describe', 'call'],
    ] as const) {
      const run = await runSpindle([command, '--help']);
      const listed = run.stdout
        .split('\n')
        .map((line) => /^ {2}(--[a-z-]*)(?: |$)/.exec(line)?.[1])
        .filter((option) => option !== undefined)
        .sort();
      assert.deepEqual(listed, documented(section), command);
    }
    const call = await runSpindle(['call', '--help']);
    assert.match(
      call.stdout,
      /\n {2}--log-level <L> +debug, info, warn, error or silent: log the calls on stderr/,
    );
    const run = await runSpindle(['run', '--help']);
    assert.match(
      run.stdout,
      /its metrics on the --metrics port \+ i and its status page\non the --status port \+ i/,
    );
  });

  it('usage errors exit 2 for every command', async () => {
    for (const args of [['run'], ['check'], ['call'], ['describe'], ['call', '--timeout']]) {
      const run = await runSpindle(args);
      assert.equal(run.code, 2, args.join(' '));
      assert.equal(run.stdout, '', args.join(' '));
      assert.match(
        run.stderr,
        new RegExp(`^spindle ${args[0] ?? ''}: .*\\n\\nUsage: spindle ${args[0] ?? ''} `),
      );
    }
  });

  describe('colour', () => {
    let dir: string;
    let file: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'spindle-colour-'));
      file = join(dir, 'bad.yaml');
      writeFileSync(file, 'objects:\n  - object: s\n    class: NoSuchClass\n');
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('spindle check colours the location and caret on a terminal', async () => {
      const run = await runInTerminal(['check', file]);
      assert.equal(run.code, 1, run.output);
      assert.ok(
        run.output.includes(`${ESC}1m${file}:2:5:${ESC}22m [s] unknown class 'NoSuchClass'`),
        run.output,
      );
      assert.ok(run.output.includes(`${ESC}32m^${ESC}39m`), run.output);
    });

    it('never with NO_COLOR, and never when piped', async () => {
      const terminal = await runInTerminal(['check', file], { NO_COLOR: '1' });
      assert.equal(terminal.code, 1);
      assert.ok(terminal.output.includes(`${file}:2:5: [s] unknown class 'NoSuchClass'`), terminal.output);
      assert.ok(!terminal.output.includes(ESC), terminal.output);
      const piped = await runSpindle(['check', file]);
      assert.equal(piped.code, 1);
      assert.ok(!piped.stdout.includes(ESC));
      assert.equal(piped.stdout.split('\n').slice(1).join('\n'), '  2 |   - object: s\n    |     ^\n');
    });
  });
});
