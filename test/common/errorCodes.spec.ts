import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { ERROR_CODES } from '../../src/index.js';

const root = join(import.meta.dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the error code catalogue', () => {
  const catalogue = new Set(Object.keys(ERROR_CODES));
  const docs = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
  const documented = new Set([...docs.matchAll(/^\|\s*`(SPINDLE_[A-Z0-9_]+)`/gm)].map((m) => m[1]!));

  it('documents every code in docs/errors.md', () => {
    assert.deepEqual(
      [...catalogue].filter((code) => !documented.has(code)),
      [],
    );
  });

  it('documents no code that the catalogue does not have', () => {
    assert.deepEqual(
      [...documented].filter((code) => !catalogue.has(code)),
      [],
    );
  });

  it('has no code that no source file uses', () => {
    const sources = sourceFiles(join(root, 'src'))
      .filter((file) => !file.endsWith('errorCodes.ts'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    assert.deepEqual(
      [...catalogue].filter((code) => !sources.includes(`'${code}'`)),
      [],
    );
  });
});
