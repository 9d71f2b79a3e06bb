import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { fencedBlocks, infoValue, readDoc } from './markdown.js';

const page = readDoc('interceptors.md');
/** The snippets a reader can run as they are: those named with `file=`. */
const runnable = fencedBlocks(page).filter(
  (block) => block.language === 'ts' && infoValue(block, 'file') !== undefined,
);

function runTs(file: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file],
      { timeout: 60_000, cwd: fileURLToPath(new URL('.', import.meta.url)) },
      (error, stdout, stderr) => {
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1,
          output: stdout + stderr,
        });
      },
    );
  });
}

describe('docs/interceptors.md', function () {
  this.timeout(120_000);
  let dir = '';
  before(async () => {
    // Inside the package, so `import … from 'spindle'` resolves to this build (as for a reader's app).
    dir = await mkdtemp(join(fileURLToPath(new URL('.', import.meta.url)), 'interceptors-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has the runnable examples: an auth check, metrics and tracing', () => {
    assert.deepEqual(
      runnable.map((block) => infoValue(block, 'file')),
      ['auth.ts', 'metrics.ts', 'tracing.ts'],
    );
  });

  for (const block of runnable) {
    const name = infoValue(block, 'file') ?? '';
    it(`${name} runs to the end (its own assertions pass)`, async () => {
      const file = join(dir, name);
      await writeFile(file, block.text);
      const { code, output } = await runTs(file);
      assert.equal(code, 0, output);
    });
  }
});
