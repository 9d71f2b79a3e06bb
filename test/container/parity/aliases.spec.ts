import assert from 'node:assert/strict';

import { ApplicationContext } from '../../../src/index.js';
import { ContextError } from '../../../src/definitions/ContextError.js';

import type { Ledger } from './bank.js';
import { bankClasses, contextDir, Teller } from './bank.js';
import { checkProblems, loadError } from './checkProblems.js';

const twins = {
  xml: `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="memory" class="MemoryLedger"/>
  <alias name="memory" alias="ledger"/>
  <alias name="ledger" alias="books"/>
  <object id="teller" class="Teller" depends-on="books">
    <property name="ledger" ref="books"/>
  </object>
</objects>
`,
  yaml: `objects:
  - object: memory
    class: MemoryLedger
  - object: teller
    class: Teller
    depends-on: books
    properties:
      ledger: {ref: books}
aliases:
  - {alias: ledger, name: memory}
  - {alias: books, name: ledger}
`,
};

describe('<alias>: another name for an object', () => {
  const dir = contextDir();
  after(dir.dispose);

  for (const [format, text] of Object.entries(twins)) {
    it(`${format}: resolves in refs, depends-on, get and has, through a chain of aliases`, async () => {
      const ctx = await ApplicationContext.load(dir.write(`bank.${format}`, text), {
        classes: bankClasses(),
      });
      try {
        const memory = ctx.get<Ledger>('memory');
        assert.equal(ctx.get('ledger'), memory);
        assert.equal(ctx.get('books'), memory);
        assert.equal(ctx.get<Teller>('teller').ledger, memory);
        assert.equal(await ctx.getAsync('books'), memory);
        assert.ok(ctx.has('books') && ctx.has('ledger') && !ctx.has('bookz'));
        assert.equal(ctx.container.get('memory'), memory);
        assert.equal(ctx.container.get('books'), memory, "inversify's container knows the aliases too");
      } finally {
        await ctx.close();
      }
    });
  }

  it('names a parent through an alias', async () => {
    const file = dir.write(
      'parent.xml',
      `<objects>
  <object id="memory" class="MemoryLedger"/>
  <object id="base" class="Teller" abstract="true">
    <property name="ledger" ref="memory"/>
  </object>
  <alias name="base" alias="template"/>
  <object id="teller" parent="template"/>
</objects>
`,
    );
    const ctx = await ApplicationContext.load(file, { classes: bankClasses() });
    assert.ok(ctx.get('teller') instanceof Teller);
    assert.equal(ctx.get<Teller>('teller').ledger, ctx.get('memory'));
    await ctx.close();
  });

  it('lets a profile point an alias elsewhere, as it may replace an object', async () => {
    const file = dir.write(
      'profiled.xml',
      `<objects>
  <object id="memory" class="MemoryLedger"/>
  <object id="audit" class="AuditLedger"/>
  <alias name="memory" alias="ledger"/>
  <objects profile="prod">
    <alias name="audit" alias="ledger"/>
  </objects>
</objects>
`,
    );
    for (const [profiles, expected] of [
      [[], 'memory'],
      [['prod'], 'audit'],
    ] as const) {
      const ctx = await ApplicationContext.load(file, { classes: bankClasses(), profiles });
      assert.equal(ctx.get('ledger'), ctx.get(expected));
      await ctx.close();
    }
  });

  const broken = [
    {
      name: 'an alias chain that loops',
      xml: `<objects>
  <alias name="b" alias="a"/>
  <alias name="a" alias="b"/>
</objects>
`,
      problems: [
        { code: 'alias-cycle', line: 'broken.xml:2:3: [a] alias chain loops: a → b → a' },
        { code: 'alias-cycle', line: 'broken.xml:3:3: [b] alias chain loops: b → a → b' },
      ],
    },
    {
      name: 'an alias that names nothing, and a ref to an unknown alias',
      xml: `<objects>
  <object id="memory" class="MemoryLedger"/>
  <alias name="memroy" alias="ledger"/>
  <object id="teller" class="Teller">
    <property name="ledger" ref="ledgr"/>
  </object>
</objects>
`,
      problems: [
        {
          code: 'dangling-ref',
          line: "broken.xml:3:3: [ledger] alias 'ledger' names no object: 'memroy' (did you mean 'memory'?)",
        },
        {
          code: 'dangling-ref',
          line: "broken.xml:5:29: [teller] ref 'ledgr' names no object (did you mean 'ledger'?)",
        },
      ],
    },
    {
      name: "an alias that takes an object's id, and one alias said twice",
      xml: `<objects>
  <object id="memory" class="MemoryLedger"/>
  <object id="audit" class="AuditLedger"/>
  <alias name="memory" alias="audit"/>
  <alias name="memory" alias="ledger"/>
  <alias name="audit" alias="ledger"/>
</objects>
`,
      problems: [
        {
          code: 'alias-clash',
          line: "broken.xml:4:3: [audit] alias 'audit' is already the id of an object; pick another name",
        },
        { code: 'alias-clash', line: "broken.xml:6:3: [ledger] alias 'ledger' already names 'memory' at " },
      ],
    },
  ];
  for (const testCase of broken) {
    it(`check reports ${testCase.name} at file:line:col with the id, and load refuses it alike`, async () => {
      const file = dir.write('broken.xml', testCase.xml);
      const problems = await checkProblems(file, bankClasses());
      assert.deepEqual(
        problems.map((problem) => problem.code),
        testCase.problems.map((problem) => problem.code),
      );
      testCase.problems.forEach((expected, i) => {
        assert.ok(
          problems[i]?.line.startsWith(expected.line),
          `${problems[i]?.line ?? ''}\n${expected.line}`,
        );
      });
      const error = await loadError(file, bankClasses());
      assert.ok(error instanceof ContextError, String(error));
      assert.deepEqual(
        error.problems.map((problem) => problem.code),
        testCase.problems.map((problem) => problem.code),
      );
    });
  }

  it('XML: an alias needs both attributes, at the line of the alias', async () => {
    const file = dir.write('broken.xml', `<objects>\n  <alias alias="ledger"/>\n</objects>\n`);
    assert.deepEqual(await checkProblems(file, bankClasses()), [
      { code: 'missing-attribute', line: "broken.xml:2:3: [ledger] <alias> needs a 'name' attribute" },
    ]);
  });

  it('YAML: an alias needs both keys, at the line of the alias', async () => {
    const file = dir.write('broken.yaml', `aliases:\n  - {alias: ledger}\n`);
    assert.deepEqual(await checkProblems(file, bankClasses()), [
      { code: 'missing-attribute', line: "broken.yaml:2:5: [ledger] an alias needs a 'name' key" },
    ]);
  });
});
