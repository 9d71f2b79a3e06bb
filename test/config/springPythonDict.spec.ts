import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readContextWithProblems } from '../../src/config/index.js';
import { formatProblem } from '../../src/definitions/index.js';
import type { ContextError } from '../../src/index.js';
import { ApplicationContext, ClassRegistry } from '../../src/index.js';

import { withoutLocations } from './contextFixtures.js';

/** A Spring Python context with its dict spelling: `<entry><key><value>k</value></key>…</entry>`. */
const springPython = `<?xml version="1.0" encoding="UTF-8"?>
<objects xmlns="http://www.springframework.org/springpython/schema/objects/1.1">
    <object id="clock" class="Clock"/>
    <object id="settings" class="Settings">
        <property name="table">
            <dict>
                <entry>
                    <key><value>title</value></key>
                    <value>Report</value>
                </entry>
                <entry>
                    <key><value>clock</value></key>
                    <ref object="clock"/>
                </entry>
                <entry>
                    <key><value>hosts</value></key>
                    <list><value>alpha</value><value>beta</value></list>
                </entry>
                <entry>
                    <key><value>helper</value></key>
                    <object class="Clock"/>
                </entry>
                <entry>
                    <key><value>retries</value></key>
                    <value type="int">3</value>
                </entry>
                <entry value="on">
                    <key><value>mode</value></key>
                </entry>
                <entry ref="clock">
                    <key><value>\${KEY:same}</value></key>
                </entry>
            </dict>
        </property>
    </object>
</objects>
`;

/** The same dict with `key="…"` attributes: the two spellings must give one model. */
const keyAttributes = `<?xml version="1.0" encoding="UTF-8"?>
<objects xmlns="https://spindle.dev/schema/objects">
    <object id="clock" class="Clock"/>
    <object id="settings" class="Settings">
        <property name="table">
            <dict>
                <entry key="title"><value>Report</value></entry>
                <entry key="clock"><ref object="clock"/></entry>
                <entry key="hosts"><list><value>alpha</value><value>beta</value></list></entry>
                <entry key="helper"><object class="Clock"/></entry>
                <entry key="retries"><value type="int">3</value></entry>
                <entry key="mode" value="on"/>
                <entry key="same" ref="clock"/>
            </dict>
        </property>
    </object>
</objects>
`;

class Clock {}
class Settings {
  public table: Record<string, unknown> = {};
}

describe("Spring Python's dict entries <entry><key><value>k</value></key>…</entry>", () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-dict-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, text: string): string {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  async function problems(text: string): Promise<string[]> {
    const result = await readContextWithProblems([write('d.xml', text)], { env: {} });
    return result.problems.map((p) => formatProblem(p).replace(`${dir}/`, ''));
  }

  /** A context with one object whose `table` property holds `entries`. */
  function dict(...entries: string[]): string {
    return [
      '<objects>',
      '  <object id="settings" class="Settings">',
      '    <property name="table">',
      '      <dict>',
      ...entries.map((entry) => `        ${entry}`),
      '      </dict>',
      '    </property>',
      '  </object>',
      '</objects>',
    ].join('\n');
  }

  it('loads through ApplicationContext: text, ref, list, inner object, typed value, value/ref attributes', async () => {
    const classes = new ClassRegistry().registerClass('Clock', Clock).registerClass('Settings', Settings);
    const ctx = await ApplicationContext.load([write('springpython.xml', springPython)], {
      classes,
      env: {},
    });
    try {
      const table = ctx.get<Settings>('settings').table;
      const clock = ctx.get<Clock>('clock');
      assert.deepEqual(Object.keys(table).sort(), [
        'clock',
        'helper',
        'hosts',
        'mode',
        'retries',
        'same',
        'title',
      ]);
      assert.equal(table['title'], 'Report');
      assert.equal(table['clock'], clock);
      assert.deepEqual(table['hosts'], ['alpha', 'beta']);
      assert.ok(table['helper'] instanceof Clock);
      assert.notEqual(table['helper'], clock);
      assert.equal(table['retries'], 3);
      assert.equal(table['mode'], 'on');
      assert.equal(table['same'], clock);
    } finally {
      await ctx.close();
    }
  });

  it('reads to the same definitions as key="…" attributes', async () => {
    const nested = await readContextWithProblems([write('a.xml', springPython)], { env: {} });
    const attributes = await readContextWithProblems([write('b.xml', keyAttributes)], { env: {} });
    assert.deepEqual(nested.problems, []);
    assert.deepEqual(attributes.problems, []);
    assert.equal(nested.context.objects.get('settings')?.properties[0]?.value.kind, 'dict');
    assert.deepEqual(withoutLocations(nested.context.objects), withoutLocations(attributes.context.objects));
  });

  it('refuses a key given twice, as an attribute and as a <key>, naming where and which object', async () => {
    assert.deepEqual(
      await problems(dict('<entry key="a"><key><value>b</value></key><value>v</value></entry>')),
      ["d.xml:5:16: [settings] <entry> has both a 'key' attribute and a <key> element: give only one"],
    );
  });

  it('refuses a <key> that is not one text <value>: dict keys are strings', async () => {
    assert.deepEqual(
      await problems(
        dict(
          '<entry><key><ref object="settings"/></key><value>v</value></entry>',
          '<entry><key><list><value>a</value></list></key><value>v</value></entry>',
          '<entry><key><value>a</value><value>b</value></key><value>v</value></entry>',
          '<entry><key></key><value>v</value></entry>',
          '<entry><key><value type="int">1</value></key><value>v</value></entry>',
          '<entry><key><value>a</value></key><key><value>b</value></key><value>v</value></entry>',
        ),
      ),
      [
        "d.xml:5:21: [settings] <key> must hold one <value> with the key's text (dict keys are strings), not <ref>",
        "d.xml:6:21: [settings] <key> must hold one <value> with the key's text (dict keys are strings), not <list>",
        "d.xml:7:21: [settings] <key> must hold one <value> with the key's text (dict keys are strings), not <value>, <value>",
        "d.xml:8:16: [settings] <key> must hold one <value> with the key's text (dict keys are strings), not nothing",
        "d.xml:9:28: [settings] unknown attribute 'type' on <value>",
        'd.xml:10:43: [settings] <entry> has more than one <key>',
      ],
    );
  });

  it('still needs a key and exactly one value', async () => {
    assert.deepEqual(
      await problems(dict('<entry value="v"/>', '<entry><key><value>k</value></key></entry>')),
      [
        "d.xml:5:9: [settings] <entry> needs a 'key' attribute or a <key><value>…</value></key> element",
        "d.xml:6:9: [settings] <entry> needs a value: a 'value' or 'ref' attribute, or one nested value element",
      ],
    );
  });

  it('reports the problem through ApplicationContext.load as a ContextError with file:line:col and the id', async () => {
    const file = write(
      'both.xml',
      dict('<entry key="a"><key><value>b</value></key><value>v</value></entry>'),
    );
    const error = await ApplicationContext.load([file], { env: {} }).then(
      () => assert.fail('the context loaded'),
      (reason: unknown) => reason as ContextError,
    );
    assert.equal(error.code, 'SPINDLE_CONTEXT_INVALID');
    assert.deepEqual(error.message.split('\n'), [
      'invalid context (1 problem):',
      `${file}:5:16: [settings] <entry> has both a 'key' attribute and a <key> element: give only one`,
    ]);
  });
});
