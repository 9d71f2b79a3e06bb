import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { readDoc, readSource, repositoryRoot, section, tableRows } from './markdown.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The members of `ContextProblemCode`, read from its source. */
function problemCodes(): string[] {
  const source = readSource('src/definitions/ContextProblem.ts');
  const start = source.indexOf('export type ContextProblemCode =');
  assert.ok(start >= 0, 'ContextProblemCode not found');
  const body = source.slice(start, source.indexOf(';', start));
  return [...body.matchAll(/'([a-z-]+)'/g)].map((match) => match[1] ?? '');
}

describe('the context problem codes', () => {
  const codes = problemCodes();

  it('are each produced somewhere in src (no dead code a tool could wait for in vain)', () => {
    const sources = sourceFiles(join(repositoryRoot, 'src'))
      .filter((file) => !file.endsWith('ContextProblem.ts'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    assert.ok(codes.length >= 10, codes.join(', '));
    assert.deepEqual(
      codes.filter((code) => !sources.includes(`'${code}'`)),
      [],
    );
  });

  it('are exactly those docs/context-files.md lists', () => {
    const rows = tableRows(section(readDoc('context-files.md'), '## How problems are reported') ?? '');
    assert.deepEqual([...rows.keys()].sort(), [...codes].sort());
  });
});
