import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fencedBlocks, infoValue, repositoryRoot, section } from './markdown.js';

const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
const blocks = fencedBlocks(readme);
const pkg = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** The lines of a text without indentation or blank lines, to compare a snippet with its file. */
function meaningfulLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Every `samples/<name>` and `docs/<file>` the README names, in links or in code. */
function repositoryPaths(prefix: 'samples' | 'docs'): string[] {
  const pattern = prefix === 'samples' ? /samples\/[\w.-]+/g : /docs\/[\w.-]+\.md/g;
  return [...new Set(readme.match(pattern) ?? [])];
}

describe('README.md', () => {
  it('starts with exactly the two set-up commands: the demo, then the tests', () => {
    assert.ok(blocks.length >= 2);
    assert.deepEqual(
      blocks.slice(0, 2).map((block) => block.text.trim()),
      ['npm ci && npm run demo', 'npm ci && npm test'],
    );
    assert.equal(section(readme, '## Set up')?.includes('npm ci && npm run demo'), true);
    assert.ok(readme.indexOf('## Set up') < readme.indexOf('```'), 'nothing is fenced before the set-up');
  });

  it('both set-up commands name scripts that package.json has', () => {
    assert.ok(pkg.scripts['demo']?.includes('samples/demo/demo.ts'));
    // npm test runs mocha itself or through the scripts it names (test:coverage).
    const test = pkg.scripts['test'] ?? '';
    const named = [...test.matchAll(/[\w:-]+/g)].map(([word]) => pkg.scripts[word] ?? '');
    assert.ok(
      [test, ...named].some((script) => script.includes('mocha')),
      test,
    );
  });

  it('every samples/<name> it names exists, and every sample folder is listed', () => {
    const named = repositoryPaths('samples');
    assert.ok(named.length >= 8, named.join(', '));
    for (const path of named) assert.ok(existsSync(join(repositoryRoot, path)), `${path} does not exist`);
    const listed = section(readme, '## Samples') ?? '';
    const folders = readdirSync(join(repositoryRoot, 'samples'), { withFileTypes: true }).filter((entry) =>
      entry.isDirectory(),
    );
    assert.ok(folders.length >= 8);
    for (const folder of folders)
      assert.ok(
        listed.includes(`samples/${folder.name}/`),
        `samples/${folder.name}/ missing from the Samples section`,
      );
  });

  it('every docs/<file> it names exists', () => {
    const named = repositoryPaths('docs');
    for (const page of ['cli.md', 'context-files.md', 'reliability.md', 'security.md', 'errors.md'])
      assert.ok(named.includes(`docs/${page}`), `docs/${page} is not linked`);
    for (const path of named) assert.ok(existsSync(join(repositoryRoot, path)), `${path} does not exist`);
  });

  it('every relative Markdown link of the README and the pages it links points at a file', () => {
    const pages = [
      'README.md',
      ...repositoryPaths('docs').filter((path) => !path.endsWith('context-files.md')),
    ];
    for (const page of pages) {
      const text = readFileSync(join(repositoryRoot, page), 'utf8');
      const folder = page.includes('/') ? page.slice(0, page.lastIndexOf('/')) : '';
      for (const match of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = match[1] ?? '';
        if (/^[a-z]+:/.test(target)) continue;
        assert.ok(existsSync(join(repositoryRoot, folder, target)), `${page}: broken link ${target}`);
      }
    }
  });

  it('every snippet marked file=… is what that file really says', () => {
    const marked = blocks.filter((block) => infoValue(block, 'file') !== undefined);
    assert.ok(marked.length >= 6, 'the tour shows the files it uses');
    for (const block of marked) {
      const file = infoValue(block, 'file') ?? '';
      const text = readFileSync(join(repositoryRoot, file), 'utf8');
      const lines = meaningfulLines(text);
      const snippet = meaningfulLines(block.text);
      const start = lines.findIndex((_, i) => snippet.every((line, j) => lines[i + j] === line));
      assert.ok(start >= 0, `README line ${block.line}: the snippet is not in ${file}`);
    }
  });

  it('lists every dependency and dev dependency of package.json, and nothing else', () => {
    const table = section(readme, '## Dependencies') ?? '';
    const listed = [...table.matchAll(/^\| `([^`]+)` \| (runtime|dev) \|/gm)].map((m) => [
      m[1] ?? '',
      m[2] ?? '',
    ]);
    const expected = [
      ...Object.keys(pkg.dependencies).map((name) => [name, 'runtime']),
      ...Object.keys(pkg.devDependencies).map((name) => [name, 'dev']),
    ];
    const key = (entry: string[]): string => entry.join(' ');
    assert.deepEqual(listed.map(key).sort(), expected.map(key).sort());
    for (const row of table.split('\n').filter((line) => line.startsWith('| `'))) {
      const why = row.split('|')[3]?.trim() ?? '';
      assert.ok(why.length > 10, `no reason given: ${row}`);
    }
  });

  it('shows measured figures for every benchmark section the bench runs', () => {
    const benchmarks = section(readme, '## Benchmarks') ?? '';
    assert.ok(pkg.scripts['bench']?.includes('dist/bench/run.js'));
    const sectionsFile = readFileSync(join(repositoryRoot, 'bench', 'sections.ts'), 'utf8');
    const sectionNames = [...sectionsFile.matchAll(/import\('\.\/(\w+)\.js'\)/g)].map((m) => m[1]!);
    assert.ok(sectionNames.length >= 4, `bench/sections.ts lists ${sectionNames.join(', ')}`);
    // Each section is described by name, and the figures table has a measured row for it.
    const rowsFor: Record<string, RegExp> = {
      codec: /^\| (de|en)code .*\| [\d,.k]+ ops\/s \|/m,
      server: /^\| server .*\| [\d,]+ req\/s \|/m,
      client: /^\| client .*\| [\d,]+ calls\/s \|/m,
      pool: /^\| pool .*\| [\d,]+ calls\/s \|/m,
    };
    for (const name of sectionNames) {
      assert.match(benchmarks, new RegExp(`^- \`${name}\`:`, 'm'), `section ${name} is described`);
      const row = rowsFor[name];
      if (row !== undefined) assert.match(benchmarks, row, `section ${name} has measured figures`);
    }
  });
});
