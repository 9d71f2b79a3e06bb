import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { expandPlaceholders, readContextWithProblems } from '../../src/config/index.js';
import type { ValueDefinition } from '../../src/definitions/index.js';
import { formatProblem } from '../../src/definitions/index.js';
import { runSpindle } from '../helpers/nodeProcess.js';

const settings: Readonly<Record<string, string>> = { HOST: 'example.org', PORT: '7000' };
const lookup = (name: string): string | undefined => settings[name];

describe('placeholder escape $${', () => {
  describe('expandPlaceholders', () => {
    it('gives a literal ${NAME} for $${NAME}, not expanded and not missing', () => {
      assert.deepEqual(expandPlaceholders('$${HOST}', lookup), { text: '${HOST}', missing: [] });
      assert.deepEqual(expandPlaceholders('$${NOWHERE}', lookup), { text: '${NOWHERE}', missing: [] });
      assert.deepEqual(expandPlaceholders('$${NOWHERE:x}', lookup), {
        text: '${NOWHERE:x}',
        missing: [],
      });
    });

    it('expands a real placeholder right next to an escaped one', () => {
      assert.deepEqual(expandPlaceholders('${HOST}$${HOST}${PORT}', lookup), {
        text: 'example.org${HOST}7000',
        missing: [],
      });
      assert.deepEqual(expandPlaceholders('$${A}-${MISSING}', lookup), {
        text: '${A}-${MISSING}',
        missing: ['MISSING'],
      });
    });

    it('leaves $$ alone when no { follows, and a lone $ too', () => {
      assert.deepEqual(expandPlaceholders('pa$$word $5 $$', lookup), {
        text: 'pa$$word $5 $$',
        missing: [],
      });
      assert.deepEqual(expandPlaceholders('$$$HOST', lookup), { text: '$$$HOST', missing: [] });
    });

    it('reads left to right: $$${X} is a $ then an escape', () => {
      assert.deepEqual(expandPlaceholders('$$${HOST}', lookup), { text: '$${HOST}', missing: [] });
    });
  });

  describe('in context files', () => {
    let dir = '';
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'spindle-escape-'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    /** Reads `text` as file `name`: the literal values of `links`' properties by name, and the problems. */
    async function read(
      name: string,
      text: string,
    ): Promise<{ values: Record<string, unknown>; problems: string[] }> {
      const file = join(dir, name);
      writeFileSync(file, text);
      const result = await readContextWithProblems([file], { settings, env: {} });
      const literal = (value: ValueDefinition): unknown =>
        value.kind === 'literal'
          ? value.value
          : value.kind === 'dict'
            ? Object.fromEntries(value.entries.map((e) => [e.key, literal(e.value)]))
            : value.kind;
      const links = result.context.objects.get('links');
      return {
        values: Object.fromEntries((links?.properties ?? []).map((p) => [p.name, literal(p.value)])),
        problems: result.problems.map((p) => formatProblem(p).replace(`${dir}/`, '')),
      };
    }

    const expected = {
      template: 'http://example.org:7000/users/${USER_ID}',
      literal: '${NOWHERE}',
      dollars: 'pa$$word',
      table: { '${KEY}': 'a${B}c' },
    };

    it('XML: attributes, text and dict keys give a literal ${ without a missing-placeholder problem', async () => {
      const result = await read(
        'links.xml',
        [
          '<objects>',
          '  <object id="links" class="Links">',
          '    <property name="template" value="http://${HOST}:${PORT}/users/$${USER_ID}"/>',
          '    <property name="literal"><value>$${NOWHERE}</value></property>',
          '    <property name="dollars" value="pa$$word"/>',
          '    <property name="table">',
          '      <dict>',
          '        <entry><key><value>$${KEY}</value></key><value>a$${B}c</value></entry>',
          '      </dict>',
          '    </property>',
          '  </object>',
          '</objects>',
        ].join('\n'),
      );
      assert.deepEqual(result, { values: expected, problems: [] });
    });

    it('YAML: string scalars give a literal ${ without a missing-placeholder problem', async () => {
      const result = await read(
        'links.yaml',
        [
          'objects:',
          '  - object: links',
          '    class: Links',
          '    properties:',
          '      template: http://${HOST}:${PORT}/users/$${USER_ID}',
          "      literal: '$${NOWHERE}'",
          '      dollars: pa$$word',
          '      table: {dict: {"${KEY}": "a$${B}c"}}',
          '',
        ].join('\n'),
      );
      assert.deepEqual(result, { values: expected, problems: [] });
    });

    it('spindle check reports the real missing placeholder and not the escaped one', async () => {
      const file = join(dir, 'check.yaml');
      writeFileSync(
        file,
        [
          'objects:',
          '  - object: service',
          '    class: XmlRpcProxyFactory',
          '    properties:',
          '      serviceUrl: http://127.0.0.1:7000/$${SPINDLE_ESCAPED_NAME}/${SPINDLE_UNSET_NAME}',
          '',
        ].join('\n'),
      );
      const result = await runSpindle(['check', file]);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.deepEqual(
        result.stdout.split('\n').filter((line) => line.startsWith(file)),
        [`${file}:5:19: [service] placeholder '\${SPINDLE_UNSET_NAME}' has no value and no default`],
      );
    });
  });
});
