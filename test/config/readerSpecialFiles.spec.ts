import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readContextWithProblems } from '../../src/config/index.js';
import { formatProblem } from '../../src/definitions/index.js';
import { runSpindle } from '../helpers/nodeProcess.js';

/**
 * A context path that is not a regular file is refused before it is opened:
 * opening a FIFO waits for a writer, so `spindle check fifo.xml` used to hang,
 * and a device such as `/dev/zero` has no content worth reading. Each is a
 * located `file-not-found` problem naming the file and what it is.
 */
describe('context readers: paths that are not regular files', function () {
  // A regression hangs in open(); the CLI child is killed well before this.
  this.timeout(60_000);

  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-special-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function fifo(name: string): string {
    const file = join(dir, name);
    execFileSync('mkfifo', [file]);
    return file;
  }

  async function problems(file: string): Promise<string[]> {
    const result = await readContextWithProblems([file], { env: {} });
    return result.problems.map((p) => `${p.code} ${formatProblem(p)}`);
  }

  it('a named pipe (FIFO) is refused without waiting for a writer', async () => {
    const file = fifo('pipe.xml');
    assert.deepEqual(await problems(file), [
      `file-not-found ${file}:1:1: context file '${file}' is a named pipe (FIFO), not a regular file: a context file must be a regular file`,
    ]);
  });

  it('a directory is refused', async () => {
    const file = join(dir, 'folder.yaml');
    mkdirSync(file);
    assert.deepEqual(await problems(file), [
      `file-not-found ${file}:1:1: context file '${file}' is a directory, not a regular file: a context file must be a regular file`,
    ]);
  });

  it('a device reached through a symlink (/dev/zero) is refused before anything is read', async () => {
    const file = join(dir, 'zero.xml');
    symlinkSync('/dev/zero', file);
    assert.deepEqual(await problems(file), [
      `file-not-found ${file}:1:1: context file '${file}' is a device, not a regular file: a context file must be a regular file`,
    ]);
  });

  it('an imported FIFO is refused at the <import>, and the importing file still reads', async () => {
    const pipe = fifo('pipe.xml');
    const main = join(dir, 'main.xml');
    writeFileSync(
      main,
      '<objects>\n  <import resource="pipe.xml"/>\n  <object id="a" class="Object"/>\n</objects>\n',
    );
    const result = await readContextWithProblems([main], { env: {} });
    assert.deepEqual(
      result.problems.map((p) => `${p.code} ${formatProblem(p)}`),
      [
        `file-not-found ${main}:2:11: context file '${pipe}' is a named pipe (FIFO), not a regular file: a context file must be a regular file`,
      ],
    );
  });

  it('spindle check on a FIFO exits 1 with the located problem instead of hanging', async () => {
    const file = fifo('pipe.yaml');
    const result = await runSpindle(['check', file], '', 30_000);
    assert.equal(result.code, 1, `stdout: ${result.stdout}\nstderr: ${result.stderr}`);
    assert.equal(result.stderr, '');
    assert.match(
      result.stdout,
      new RegExp(
        `^${escape(file)}:1:1: context file '${escape(file)}' is a named pipe \\(FIFO\\), not a regular file`,
        'm',
      ),
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
