import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { root, runNode } from '../helpers/nodeProcess.js';
import { fencedBlocks, readDoc, section } from './markdown.js';

/**
 * The health example of docs/server.md, run as a user would paste it: in a
 * project with the package installed (`import … from 'spindle'`), with tsx.
 */
describe('docs/server.md health endpoints', function () {
  this.timeout(60_000);

  it('the example runs and prints what its comments say', async () => {
    const health = section(readDoc('server.md'), '## Health endpoints') ?? '';
    const [example] = fencedBlocks(health).filter((block) => block.language === 'ts');
    assert.ok(example !== undefined, 'the section has a ts example');
    const project = mkdtempSync(join(tmpdir(), 'spindle-server-doc-'));
    try {
      mkdirSync(join(project, 'node_modules'));
      symlinkSync(root, join(project, 'node_modules', 'spindle'), 'dir');
      writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
      writeFileSync(join(project, 'health.ts'), example.text);
      const result = await runNode(['--import', import.meta.resolve('tsx'), 'health.ts'], {
        cwd: project,
        timeoutMs: 50_000,
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, '200 503\n200\n200 503\n');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
