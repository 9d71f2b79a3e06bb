import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readContextWithProblems } from '../../src/config/index.js';
import { formatProblem } from '../../src/definitions/index.js';

describe('context readers on small mistakes', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-ctx-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function problems(name: string, text: string): Promise<string[]> {
    const file = join(dir, name);
    writeFileSync(file, text);
    const result = await readContextWithProblems([file], { env: {} });
    return result.problems.map((p) => formatProblem(p).replace(`${dir}/`, ''));
  }

  it('XML: namespace, missing id, two values, unknown value element, unknown type, bad prop content', async () => {
    assert.deepEqual(
      await problems(
        'a.xml',
        [
          '<objects xmlns="urn:other">',
          '  <object class="A"/>',
          '  <object id="b" class="B">',
          '    <property name="p" value="1" ref="b"/>',
          '    <property name="q"><lst/></property>',
          '    <property name="r"><value type="integer">1</value></property>',
          '    <property name="s"/>',
          '  </object>',
          '  <bean id="c"/>',
          '</objects>',
        ].join('\n'),
      ),
      [
        "a.xml:1:10: unknown namespace 'urn:other' (expected 'https://spindle.dev/schema/objects')",
        "a.xml:2:3: <object> needs an 'id' attribute",
        "a.xml:4:5: [b] <property> has more than one value: give only one of 'value', 'ref' or a nested value element",
        "a.xml:5:24: [b] unknown element 'lst' as a value (did you mean 'list' or 'set'?)",
        "a.xml:6:24: [b] type must be one of string, int, double, boolean, not 'integer'",
        "a.xml:7:5: [b] <property> needs a value: a 'value' or 'ref' attribute, or one nested value element",
        "a.xml:9:3: unknown element 'bean' in <objects>",
      ],
    );
  });

  it('YAML: unknown top-level key, wrong shapes, typed values, Spring Python ref form', async () => {
    const file = join(dir, 'b.yaml');
    writeFileSync(
      file,
      [
        'object:',
        '  - object: x',
        'objects:',
        '  - object: a',
        '    class: A',
        '    properties:',
        '      r: {ref: {object: b}}',
        "      n: {value: '0x', type: int}",
        '      d: {value: 2.5, type: double}',
        '  - object: b',
        '    class: B',
        '    lazy-init: maybe',
      ].join('\n'),
    );
    const result = await readContextWithProblems([file], { env: {} });
    assert.deepEqual(
      result.problems.map((p) => formatProblem(p).replace(`${dir}/`, '')),
      [
        "b.yaml:1:1: unknown key 'object' in a context file (did you mean 'objects'?)",
        "b.yaml:8:10: [a] '0x' is not an int",
        "b.yaml:12:16: [b] lazy-init must be true or false, not 'maybe'",
      ],
    );
    const a = result.context.objects.get('a');
    assert.ok(a);
    assert.deepEqual(
      a.properties.map((p) => p.value.kind),
      ['ref', 'literal', 'literal'],
    );
    const d = a.properties[2]?.value;
    assert.ok(d);
    assert.ok(d.kind === 'literal' && d.value === 2.5 && d.type === 'double');
  });
});
