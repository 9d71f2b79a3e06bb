import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import tseslint from 'typescript-eslint';

import { readDoc, repositoryRoot } from './markdown.js';

interface LayerTable {
  readonly LAYERS: Readonly<Record<string, readonly string[]>>;
  readonly layerRules: Linter.Config[];
}

/** The folder map as `npm run lint` reads it. */
async function layerTable(): Promise<LayerTable> {
  return import(pathToFileURL(join(repositoryRoot, 'eslint.layers.js')).href) as Promise<LayerTable>;
}

/** The layer rule's messages for `code` written in the file at `path` (relative to the repository). */
async function layerErrors(path: string, code: string): Promise<string[]> {
  const { layerRules } = await layerTable();
  const eslint = new ESLint({
    cwd: repositoryRoot,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...layerRules],
  });
  const [result] = await eslint.lintText(code, { filePath: join(repositoryRoot, path) });
  assert.ok(result !== undefined);
  return result.messages.map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

describe('docs/architecture.md: the folder map, enforced by npm run lint', () => {
  it('fails an import against the direction of the map', async () => {
    const errors = await layerErrors(
      'src/rpc/client/WrongWay.ts',
      "import { XmlRpcServer } from '../../transport/index.js';\nexport const server = XmlRpcServer;\n",
    );
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /^no-restricted-imports: .*src\/rpc may import only common, codec/);
  });

  it('fails an import that goes past another folder’s index', async () => {
    const errors = await layerErrors(
      'src/ha/DeepImport.ts',
      "import { createProxy } from '../proxy/createProxy.js';\nexport const make = createProxy;\n",
    );
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /through its index\.js/);
  });

  it('fails inversify outside the container', async () => {
    const errors = await layerErrors(
      'src/config/Bound.ts',
      "import { Container } from 'inversify';\nexport { Container };\n",
    );
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /only container knows inversify/);
  });

  it('passes imports along the map, through an index or a sub-folder’s index, and within a folder', async () => {
    assert.deepEqual(
      await layerErrors(
        'src/transport/ssh/Fine.ts',
        [
          "import { TransportError } from '../../rpc/index.js';",
          "import { ServiceDispatcher } from '../../rpc/server/index.js';",
          "import { HttpTransport } from '../client/HttpTransport.js';",
          "import { SpindleError } from '../../common/index.js';",
          'export const all = [TransportError, ServiceDispatcher, HttpTransport, SpindleError];',
          '',
        ].join('\n'),
      ),
      [],
    );
  });

  it('lists every folder of src/ once, and the page’s table says what the lint checks', async () => {
    const { LAYERS } = await layerTable();
    const folders = readdirSync(join(repositoryRoot, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    assert.deepEqual(Object.keys(LAYERS).sort(), folders);
    const rows = new Map<string, string>();
    for (const line of readDoc('architecture.md').split('\n')) {
      const row = /^\| `(\w+)` \| .* \| (.*) \|$/.exec(line);
      if (row !== null) rows.set(row[1]!, row[2]!);
    }
    // "every folder above" in the page: the CLI may import every other folder.
    assert.deepEqual(
      [...(LAYERS['cli'] ?? [])].sort(),
      folders.filter((folder) => folder !== 'cli'),
    );
    for (const [folder, allowed] of Object.entries(LAYERS)) {
      const written = rows.get(folder);
      assert.ok(written !== undefined, `docs/architecture.md has no row for ${folder}`);
      const expected =
        folder === 'cli'
          ? 'every folder above'
          : allowed.length === 0
            ? '—'
            : allowed.map((name) => `\`${name}\``).join(', ');
      assert.equal(written, expected, `docs/architecture.md, row ${folder}`);
    }
  });
});
