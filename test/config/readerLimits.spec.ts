import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readContextWithProblems } from '../../src/config/index.js';
import type { ReadContextOptions } from '../../src/config/index.js';
import { DEFAULT_CONTEXT_LIMITS } from '../../src/config/ContextLimits.js';
import { formatProblem } from '../../src/definitions/index.js';

/**
 * What the readers refuse instead of crashing, hanging or reading garbage:
 * files with no content, bytes that are not UTF-8, control characters, and
 * each bound of `ContextLimits`, met exactly (a file at the bound passes, one
 * past it is refused at the place it crosses it), so the refusal is the
 * count's, never a timer's. The real bombs run in child processes in
 * readerBombs.spec.ts.
 */
describe('context readers: empty files, bad bytes and limits', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-limits-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function problems(
    name: string,
    content: string | Buffer,
    options: ReadContextOptions = {},
  ): Promise<string[]> {
    const file = join(dir, name);
    writeFileSync(file, content);
    const result = await readContextWithProblems([file], { env: {}, ...options });
    return result.problems.map((p) => `${p.code} ${formatProblem(p).replace(`${dir}/`, '')}`);
  }

  describe('files with no context', () => {
    const noRoot = 'not well-formed XML: no root element (a context file holds one <objects> element)';
    for (const [what, text, at] of [
      ['empty', '', '1:1'],
      ['whitespace-only', '  \n\t\n', '3:1'],
      ['declaration-only', '<?xml version="1.0" encoding="UTF-8"?>\n', '2:1'],
      ['comment-only', '<?xml version="1.0"?>\n<!-- nothing yet -->\n', '3:1'],
    ] as const) {
      it(`XML, ${what}: a located not-well-formed problem, not a TypeError`, async () => {
        assert.deepEqual(await problems('a.xml', text), [`not-well-formed a.xml:${at}: ${noRoot}`]);
      });
    }

    const noContent =
      'the file holds no YAML content: a context file is a mapping with objects, imports or profiles';
    for (const [what, text, at] of [
      ['empty', '', '1:1'],
      ['whitespace-only', '\n  \n', '1:1'],
      ['comment-only', '# nothing yet\n', '1:1'],
      ['`---` only', '---\n', '1:4'],
    ] as const) {
      it(`YAML, ${what}: a located problem`, async () => {
        assert.deepEqual(await problems('a.yaml', text), [`invalid-value a.yaml:${at}: ${noContent}`]);
      });
    }

    it('YAML, a scalar or a list at the top: a located problem', async () => {
      assert.deepEqual(await problems('a.yaml', 'hello\n'), [
        'invalid-value a.yaml:1:1: a context file must be a mapping',
      ]);
      assert.deepEqual(await problems('b.yaml', '- object: a\n  class: X\n'), [
        'invalid-value b.yaml:1:1: a context file must be a mapping',
      ]);
    });
  });

  describe('bytes that are not text', () => {
    const control = (code: string): string =>
      `character U+${code} is not allowed in a context file (control characters other than tab, LF and CR are refused)`;

    it('XML: a NUL in an id is refused where it stands (no object id holds a NUL)', async () => {
      const text = '<objects>\n  <object id="a\u0000b" class="X"/>\n</objects>\n';
      const result = await problems('a.xml', text);
      assert.deepEqual(result, [`not-well-formed a.xml:2:16: not well-formed XML: ${control('0000')}`]);
    });

    it('XML: other C0 controls are refused; tab, LF and CR are text', async () => {
      assert.deepEqual(await problems('a.xml', '<objects>\u0001</objects>'), [
        `not-well-formed a.xml:1:10: not well-formed XML: ${control('0001')}`,
      ]);
      assert.deepEqual(
        await problems('b.xml', '<objects>\r\n\t<object id="a" class="X"/>\r\n</objects>'),
        [],
      );
    });

    it('XML: invalid UTF-8 (a Latin-1 byte, a UTF-16 file) is refused at its position, not read as U+FFFD', async () => {
      const latin1 = Buffer.concat([
        Buffer.from('<objects>\n  <object id="caf'),
        Buffer.from([0xe9]),
        Buffer.from('" class="X"/>\n</objects>\n'),
      ]);
      assert.deepEqual(await problems('a.xml', latin1), [
        'not-well-formed a.xml:2:18: not well-formed XML: byte 0xE9 is not valid UTF-8 (context files are UTF-8)',
      ]);
      const utf16 = Buffer.from('\uFEFF<objects/>', 'utf16le');
      assert.deepEqual(await problems('b.xml', utf16), [
        'not-well-formed b.xml:1:1: not well-formed XML: byte 0xFF is not valid UTF-8 (context files are UTF-8)',
      ]);
    });

    it('XML: a UTF-8 byte-order mark and non-ASCII text are fine', async () => {
      assert.deepEqual(await problems('a.xml', '\uFEFF<objects><object id="café" class="X"/></objects>'), []);
    });

    it('YAML: NUL, C0 and C1 controls and DEL are refused, as YAML 1.2 says; NEL and non-ASCII are text', async () => {
      for (const [char, code] of [
        ['\u0000', '0000'],
        ['\u001b', '001B'],
        ['\u007f', '007F'],
        ['\u0090', '0090'],
      ] as const) {
        assert.deepEqual(await problems('a.yaml', `objects:\n  - object: "a${char}"\n    class: X\n`), [
          `not-well-formed a.yaml:2:15: not well-formed YAML: ${control(code)}`,
        ]);
      }
      assert.deepEqual(await problems('b.yaml', 'objects:\n  - object: "é\u0085"\n    class: X\n'), []);
    });

    it('YAML: invalid UTF-8 is refused at its position', async () => {
      const bytes = Buffer.concat([Buffer.from('objects:\n  - object: a'), Buffer.from([0xc3, 0x28])]);
      assert.deepEqual(await problems('a.yaml', bytes), [
        'not-well-formed a.yaml:2:14: not well-formed YAML: byte 0xC3 is not valid UTF-8 (context files are UTF-8)',
      ]);
    });
  });

  describe('maxFileBytes', () => {
    it('is 8 MiB by default: a larger file is refused from its size, before it is read', async () => {
      assert.equal(DEFAULT_CONTEXT_LIMITS.maxFileBytes, 8 * 1024 * 1024);
      const file = join(dir, 'big.xml');
      writeFileSync(file, '<objects/>');
      // Sparse: 9 MiB on paper, nothing on disk; reading it would give 9 MiB of NULs.
      truncateSync(file, 9 * 1024 * 1024);
      const result = await readContextWithProblems([file], { env: {} });
      assert.deepEqual(
        result.problems.map((p) => `${p.code} ${formatProblem(p).replace(`${dir}/`, '')}`),
        [
          `limit-exceeded big.xml:1:1: context file '${file}' is too large (9437184 bytes): the limit is 8 MiB`,
        ],
      );
    });

    it('a file exactly at the bound is read; one byte more is refused', async () => {
      const text = '<objects/>';
      assert.deepEqual(await problems('a.xml', text, { limits: { maxFileBytes: text.length } }), []);
      assert.deepEqual(await problems('b.xml', `${text}\n`, { limits: { maxFileBytes: text.length } }), [
        `limit-exceeded b.xml:1:1: context file '${join(dir, 'b.xml')}' is too large (11 bytes): the limit is 10 bytes`,
      ]);
    });
  });

  describe('maxDepth', () => {
    const nestedXml = (lists: number): string =>
      `<objects><object id="a" class="X"><property name="p">${'<list>'.repeat(lists)}${'</list>'.repeat(lists)}</property></object></objects>`;

    it('XML: counts elements from <objects>; at the bound the file reads, one deeper is refused at that element', async () => {
      // <objects> 1, <object> 2, <property> 3, then the lists.
      assert.deepEqual(await problems('a.xml', nestedXml(3), { limits: { maxDepth: 6 } }), []);
      assert.deepEqual(await problems('b.xml', nestedXml(4), { limits: { maxDepth: 6 } }), [
        'limit-exceeded b.xml:1:72: elements nested deeper than 6 levels (the limit; see maxDepth in docs/context-files.md)',
      ]);
    });

    it('YAML: counts collections from the top mapping; at the bound the file reads, one deeper is refused', async () => {
      // top 1, objects 2, the object 3, properties 4, then the lists.
      const yaml = (lists: number): string =>
        `objects:\n  - object: a\n    class: X\n    properties:\n      p: ${'['.repeat(lists)}1${']'.repeat(lists)}\n`;
      assert.deepEqual(await problems('a.yaml', yaml(2), { limits: { maxDepth: 6 } }), []);
      const refused = await problems('b.yaml', yaml(3), { limits: { maxDepth: 6 } });
      assert.equal(refused.length, 1);
      assert.match(
        refused[0] ?? '',
        /^limit-exceeded b\.yaml:5:\d+: collections nested deeper than 6 levels \(the limit; see maxDepth in docs\/context-files\.md\)$/,
      );
    });

    it('YAML: depth counts through aliases too', async () => {
      const text =
        'objects:\n  - object: a\n    class: X\n    properties:\n      p: &deep [[1]]\n      q: [*deep]\n';
      assert.deepEqual(await problems('a.yaml', text, { limits: { maxDepth: 6 } }), [
        "limit-exceeded a.yaml:6:11: collections nested deeper than 6 levels (the limit; see maxDepth in docs/context-files.md) once alias '*deep' is expanded",
      ]);
    });
  });

  describe('maxAliasNodes', () => {
    // `l: &l [x, x, x]` is 4 nodes: the list and its three items.
    const aliases = (count: number): string =>
      `objects:\n  - object: a\n    class: X\n    properties:\n      l: &l [x, x, x]\n      m: [${Array.from({ length: count }, () => '*l').join(', ')}]\n`;

    it('an alias counts every node it stands for: at the bound the file reads, past it the alias that crosses it is named', async () => {
      assert.deepEqual(await problems('a.yaml', aliases(3), { limits: { maxAliasNodes: 12 } }), []);
      assert.deepEqual(await problems('b.yaml', aliases(4), { limits: { maxAliasNodes: 12 } }), [
        "limit-exceeded b.yaml:6:23: aliases expand to more than 12 nodes by alias '*l' (the limit on alias expansion; see maxAliasNodes in docs/context-files.md)",
      ]);
    });

    it('an alias inside the node it names is refused, not followed forever', async () => {
      assert.deepEqual(
        await problems(
          'a.yaml',
          'objects:\n  - object: a\n    class: X\n    properties:\n      l: &l [1, *l]\n',
        ),
        ["invalid-value a.yaml:5:17: alias '*l' stands for a node that contains it (a cycle)"],
      );
    });

    it('anchors and aliases within the bound still work', async () => {
      writeFileSync(
        join(dir, 'ok.yaml'),
        'objects:\n  - object: a\n    class: X\n    properties:\n      l: &l [1, 2]\n      m: *l\n',
      );
      const read = await readContextWithProblems([join(dir, 'ok.yaml')], { env: {} });
      assert.deepEqual(read.problems, []);
      const m = read.context.objects.get('a')?.properties.find((p) => p.name === 'm')?.value;
      assert.equal(m?.kind, 'list');
    });
  });
});
