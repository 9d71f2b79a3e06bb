import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { paintFor } from '../../src/cli/colors.js';
import { SourceLines, sourceExcerpt } from '../../src/cli/sourceExcerpt.js';

/** No colour: a stream that is no terminal. */
const plain = paintFor(process.stdout, { NO_COLOR: '1' });

describe('the source excerpt under a check problem', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-excerpt-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a short line whole, with the caret under the column', () => {
    const file = join(dir, 'short.xml');
    writeFileSync(file, '<objects>\n  <object id="a" class="Nope"/>\n</objects>\n');
    const [line, caret] = sourceExcerpt({ file, line: 2, column: 3 }, new SourceLines(), plain);
    assert.equal(line, '  2 |   <object id="a" class="Nope"/>');
    assert.equal(caret, '    |   ^');
  });

  it('cuts a 200,000-character line to a window around the column, the caret still under it', () => {
    const file = join(dir, 'deep.xml');
    const text = `${'<list>'.repeat(20_000)}X${'</list>'.repeat(20_000)}`;
    writeFileSync(file, `${text}\n`);
    const column = 20_000 * 6 + 1; // the X
    const [line, caret] = sourceExcerpt({ file, line: 1, column }, new SourceLines(), plain);
    assert.ok(line !== undefined && caret !== undefined);
    assert.ok(line.length < 140, `excerpt of ${line.length} characters`);
    assert.ok(line.startsWith('  1 | …<list>') && line.endsWith('…'), line);
    assert.equal(line[caret.indexOf('^')], 'X');
  });
});
