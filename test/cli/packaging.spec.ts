import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';

import { root, runNode } from '../helpers/nodeProcess.js';
import { runProcess } from '../helpers/runProcess.js';

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly files: readonly string[];
  readonly exports: Record<string, Record<string, string> | string>;
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;

/**
 * What `npm publish` would ship, as a user installing the package meets it:
 * the file list of `npm pack`, the licence, the docs the README and `--help`
 * link to, source maps that resolve, and `require('spindle')` from CommonJS.
 */
describe('the published package', function () {
  // npm starts slowly on a loaded machine; nothing here waits on anything else.
  this.timeout(120_000);

  let shipped: Set<string>;
  before(async () => {
    // --ignore-scripts: the list only; the `prepare` build must not run under the tests.
    const result = await runProcess('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: root,
      timeoutMs: 100_000,
    });
    assert.equal(result.code, 0, result.stderr);
    const [report] = JSON.parse(result.stdout) as [{ files: { path: string }[] }];
    shipped = new Set(report.files.map((file) => file.path));
  });

  it('ships the bin, the build, the sources, the docs, the README and the LICENSE', () => {
    for (const path of [
      'package.json',
      'bin/spindle.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'src/index.ts',
      'docs/cli.md',
      'docs/errors.md',
      'README.md',
      'LICENSE',
    ]) {
      assert.ok(shipped.has(path), `${path} is in the tarball`);
    }
    assert.ok(![...shipped].some((path) => path.startsWith('test/') || path.startsWith('dist/test/')));
  });

  it('every source map of the tarball points at sources the tarball holds', () => {
    const maps = [...shipped].filter((path) => path.endsWith('.js.map'));
    assert.ok(maps.length > 100, `${String(maps.length)} source maps`);
    for (const map of maps) {
      const { sources, sourceRoot } = JSON.parse(readFileSync(join(root, map), 'utf8')) as {
        sources: string[];
        sourceRoot?: string;
      };
      assert.ok(sources.length > 0, map);
      for (const source of sources) {
        const resolved = normalize(join(dirname(map), sourceRoot ?? '', source));
        assert.ok(
          shipped.has(resolved),
          `${map} names ${source}, which resolves to ${resolved}: not shipped`,
        );
      }
    }
  });

  it('carries an MIT LICENSE matching package.json, copyright the Spindle authors', () => {
    assert.equal(pkg.license, 'MIT');
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    assert.match(license, /^MIT License\n\nCopyright \(c\) \d{4} the Spindle authors\n/);
    assert.match(license, /THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND/);
  });

  it("require('spindle') works from CommonJS (a default export condition, Node's require(esm))", async () => {
    const project = mkdtempSync(join(tmpdir(), 'spindle-cjs-'));
    try {
      // A consumer project with the package installed as npm would link it.
      mkdirSync(join(project, 'node_modules'));
      symlinkSync(root, join(project, 'node_modules', 'spindle'), 'dir');
      writeFileSync(
        join(project, 'use.cjs'),
        "const spindle = require('spindle');\n" +
          'console.log(typeof spindle.ApplicationContext, typeof spindle.createProxy, typeof spindle.XmlRpcServiceExporter);\n',
      );
      const result = await runNode(['use.cjs'], { cwd: project, timeoutMs: 60_000 });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout, 'function function function\n');
      const esm = pkg.exports['.'];
      assert.ok(typeof esm === 'object' && esm['default'] === esm['import'], 'default is the ESM build');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
