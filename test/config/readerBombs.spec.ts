import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runNode, spindleBin } from '../helpers/nodeProcess.js';

/** Far more than a refusal needs (well under a second); a regression that expands a bomb is killed here, not hung. */
const CHILD_TIMEOUT_MS = 60_000;
/** A heap far too small to hold any bomb expanded: a reader that expands one dies of it instead of answering. */
const CHILD_HEAP_MB = 128;

/** The chaos review's 714-byte alias bomb shape: 10 levels of 10 aliases each, in an object's properties. */
function aliasBomb(): string {
  const lines = [
    'objects:',
    '  - object: a',
    '    class: X',
    '    properties:',
    '      l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ];
  for (let level = 1; level < 10; level += 1) {
    const previous = `*l${String(level - 1)}`;
    lines.push(
      `      l${String(level)}: &l${String(level)} [${Array.from({ length: 10 }, () => previous).join(', ')}]`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** 29 levels of `<<: [*m, *m]`: the merge-key bomb (2^29 maps once merged). */
function mergeKeyBomb(): string {
  const lines = ['objects:', '  - object: a', '    class: X', '    properties:', '      m0: &m0 {a: 1}'];
  for (let level = 1; level <= 29; level += 1) {
    const previous = `*m${String(level - 1)}`;
    lines.push(`      m${String(level)}: &m${String(level)} {<<: [${previous}, ${previous}]}`);
  }
  return `${lines.join('\n')}\n`;
}

const DEEP = 100_000;

/**
 * The bombs of the chaos review, each run through the real `spindle check` in
 * a child process with a small heap and a generous kill timer, so a
 * regression can neither hang nor exhaust the test run. Each must be refused
 * with a `file:line:col` problem naming the bound it crossed, a count, not a
 * time: the refusal is the same on any machine.
 */
describe('context readers: bombs are refused by their counts (spindle check in a child process)', function () {
  this.timeout(CHILD_TIMEOUT_MS * 2);
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-bombs-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function check(name: string, text: string): Promise<string> {
    const file = join(dir, name);
    writeFileSync(file, text);
    const result = await runNode(
      [`--max-old-space-size=${String(CHILD_HEAP_MB)}`, spindleBin, 'check', file],
      {
        timeoutMs: CHILD_TIMEOUT_MS,
      },
    );
    assert.equal(result.timedOut, false, `spindle check ${name} ran past ${String(CHILD_TIMEOUT_MS)} ms`);
    const output = `${result.stdout}${result.stderr}`;
    assert.equal(result.code, 1, `exit code of spindle check ${name}: ${output.slice(0, 2000)}`);
    assert.doesNotMatch(
      output,
      /RangeError|TypeError|heap out of memory|\n\s+at /,
      'no crash, no stack trace',
    );
    return output.replace(`${dir}/`, '');
  }

  it('a 714-byte-class alias bomb (10 levels of 10 aliases) is refused at the alias that passes 100000 nodes', async () => {
    const text = aliasBomb();
    assert.ok(text.length < 800, `the bomb is small (${String(text.length)} bytes)`);
    const output = await check('alias-bomb.yaml', text);
    // l3 stands for 11111 nodes; l1-l3 add 12330, so the 8th '*l3' of l4 (line 9) passes 100000.
    assert.match(
      output,
      /^alias-bomb\.yaml:9:\d+: aliases expand to more than 100000 nodes by alias '\*l3' \(the limit on alias expansion; see maxAliasNodes in docs\/context-files\.md\)$/m,
    );
  });

  it('a merge-key bomb (<<: [*m, *m] nested 29 levels) is refused at the alias that passes 100000 nodes', async () => {
    const output = await check('merge-bomb.yaml', mergeKeyBomb());
    assert.match(
      output,
      /^merge-bomb\.yaml:\d+:\d+: aliases expand to more than 100000 nodes by alias '\*m\d+' \(the limit on alias expansion; see maxAliasNodes in docs\/context-files\.md\)$/m,
    );
  });

  it(`${String(DEEP)} nested <list> elements are refused at the first element past 100 levels`, async () => {
    const text = `<objects><object id="a" class="X"><property name="p">${'<list>'.repeat(DEEP)}${'</list>'.repeat(DEEP)}</property></object></objects>\n`;
    const output = await check('deep.xml', text);
    // <objects>, <object>, <property>, then lists from column 54 six apart: the 98th list is level 101.
    assert.match(
      output,
      new RegExp(
        `^deep\\.xml:1:${String(54 + 97 * 6)}: elements nested deeper than 100 levels \\(the limit; see maxDepth in docs/context-files\\.md\\)$`,
        'm',
      ),
    );
  });

  it(`YAML flow sequences nested ${String(DEEP)} deep are refused past 100 levels`, async () => {
    const text = `objects:\n  - object: a\n    class: X\n    properties:\n      p: ${'['.repeat(DEEP)}${']'.repeat(DEEP)}\n`;
    const output = await check('deep-flow.yaml', text);
    assert.match(
      output,
      /^deep-flow\.yaml:5:\d+: collections nested deeper than 100 levels \(the limit; see maxDepth in docs\/context-files\.md\)$/m,
    );
  });

  it(`YAML block sequences nested ${String(DEEP)} deep ("- - - …") are refused past 100 levels`, async () => {
    const output = await check('deep-block.yaml', `objects:\n  ${'- '.repeat(DEEP)}x\n`);
    assert.match(
      output,
      /^deep-block\.yaml:2:\d+: collections nested deeper than 100 levels \(the limit; see maxDepth in docs\/context-files\.md\)$/m,
    );
  });

  it('a 9 MiB context file is refused by its size, naming the file and the 8 MiB limit', async () => {
    const text = `<objects>\n${'<!-- padding padding padding padding padding padding padding -->\n'.repeat(145_000)}</objects>\n`;
    const output = await check('huge.xml', text);
    const size = statSync(join(dir, 'huge.xml')).size;
    assert.ok(size > 8 * 1024 * 1024);
    assert.match(
      output,
      new RegExp(
        `^huge\\.xml:1:1: context file '.*huge\\.xml' is too large \\(${String(size)} bytes\\): the limit is 8 MiB$`,
        'm',
      ),
    );
  });
});
