import assert from 'node:assert/strict';

import { Container } from 'inversify';

import { ApplicationContext } from '../../../src/index.js';

import type { Auditor, Clerk, Teller, Vault } from './bank.js';
import { bankClasses, contextDir, Ledger } from './bank.js';
import { checkProblems, loadError } from './checkProblems.js';

const twins = {
  xml: `<objects xmlns="https://spindle.dev/schema/objects" default-autowire="byType">
  <object id="memory" class="MemoryLedger" primary="true"/>
  <object id="audit" class="AuditLedger"/>
  <object id="teller" class="Teller"/>
  <object id="vault" class="Vault" autowire="constructor"/>
  <object id="auditor" class="Auditor"/>
  <object id="plain" class="Teller" autowire="no"/>
  <object id="written" class="Teller">
    <property name="ledger" ref="audit"/>
  </object>
  <objects default-autowire="byName">
    <object id="clerk" class="Clerk"/>
    <alias name="audit" alias="ledger"/>
  </objects>
</objects>
`,
  yaml: `default-autowire: byType
objects:
  - object: memory
    class: MemoryLedger
    primary: true
  - object: audit
    class: AuditLedger
  - object: teller
    class: Teller
  - object: vault
    class: Vault
    autowire: constructor
  - object: auditor
    class: Auditor
  - object: plain
    class: Teller
    autowire: 'no'
  - object: written
    class: Teller
    properties:
      ledger: {ref: audit}
  - object: clerk
    class: Clerk
    autowire: byName
aliases:
  - {alias: ledger, name: audit}
`,
};

describe('autowire: byName, byType, constructor, with primary and a default on <objects>', () => {
  const dir = contextDir();
  after(dir.dispose);

  for (const [format, text] of Object.entries(twins)) {
    it(`${format}: fills what the file leaves out, the primary winning, what it writes kept`, async () => {
      const container = new Container();
      const ctx = await ApplicationContext.load(dir.write(`wired.${format}`, text), {
        classes: bankClasses(),
        container,
      });
      try {
        const memory = ctx.get<Ledger>('memory');
        const teller = ctx.get<Teller>('teller');
        assert.equal(teller.ledger, memory, 'byType: the primary of two ledgers');
        assert.equal(teller.note, 'kept', 'a field with an initializer is left alone');
        const vault = ctx.get<Vault>('vault');
        assert.equal(vault.ledger, memory, 'constructor: by design:paramtypes');
        assert.equal(vault.clerk, ctx.get('clerk'));
        assert.equal(
          ctx.get<Auditor>('auditor').ledger,
          memory,
          "inversify's constructor, answered by class",
        );
        assert.equal(container.get(Ledger), memory, 'the inversify container gives the same answer');
        assert.equal(ctx.get<Teller>('plain').ledger, undefined, 'autowire="no" overrides the default');
        assert.equal(ctx.get<Teller>('written').ledger, ctx.get('audit'), 'a written property wins');
        assert.equal(ctx.get<Clerk>('clerk').seen, ctx.get('audit'), 'byName through a setter and an alias');
      } finally {
        await ctx.close();
      }
    });
  }
});

describe('autowire: with several candidates and no primary, the one named like the slot', () => {
  const dir = contextDir();
  after(dir.dispose);

  it('picks the candidate whose id or alias is the property or parameter name', async () => {
    const file = dir.write(
      'named.xml',
      `<objects default-autowire="byType">
  <object id="audit" class="AuditLedger"/>
  <object id="memory" class="MemoryLedger"/>
  <alias name="memory" alias="ledger"/>
  <object id="teller" class="Teller"/>
</objects>
`,
    );
    const ctx = await ApplicationContext.load(file, { classes: bankClasses() });
    try {
      assert.equal(ctx.get<Teller>('teller').ledger, ctx.get('memory'));
    } finally {
      await ctx.close();
    }
  });
});

describe('autowire problems, reported by check with file:line:col and the id, refused by load alike', () => {
  const dir = contextDir();
  after(dir.dispose);

  const cases = [
    {
      name: 'two candidates and no primary, naming both',
      xml: `<objects default-autowire="byType">
  <object id="memory" class="MemoryLedger"/>
  <object id="audit" class="AuditLedger"/>
  <object id="teller" class="Teller"/>
</objects>
`,
      problems: [
        {
          code: 'SPINDLE_CONTAINER_AUTOWIRE',
          line: `broken.xml:4:3: [teller] autowire="byType": property 'ledger': 2 objects of class Ledger for 'ledger': memory, audit; mark one primary="true"`,
        },
      ],
    },
    {
      name: 'two primaries',
      xml: `<objects>
  <object id="memory" class="MemoryLedger" primary="true"/>
  <object id="audit" class="AuditLedger" primary="true"/>
  <object id="teller" class="Teller" autowire="byType"/>
</objects>
`,
      problems: [
        {
          code: 'SPINDLE_CONTAINER_AUTOWIRE',
          line: `broken.xml:4:3: [teller] autowire="byType": property 'ledger': several primary objects of class Ledger for 'ledger': memory, audit; keep primary="true" on one`,
        },
      ],
    },
    {
      name: 'no candidate for a constructor parameter',
      xml: `<objects>
  <object id="clerk" class="Clerk"/>
  <object id="vault" class="Vault" autowire="constructor"/>
</objects>
`,
      problems: [
        {
          code: 'SPINDLE_CONTAINER_AUTOWIRE',
          line: 'broken.xml:3:3: [vault] autowire="constructor": argument 0: no object of class Ledger',
        },
      ],
    },
    {
      name: 'autowire on a built-in',
      xml: `<objects>
  <object id="proxy" class="XmlRpcProxyFactory" autowire="byName">
    <property name="serviceUrl" value="http://127.0.0.1:9/RPC2"/>
  </object>
</objects>
`,
      problems: [
        {
          code: 'SPINDLE_CONTAINER_AUTOWIRE',
          line: 'broken.xml:2:3: [proxy] autowire is for your own classes; write the options of XmlRpcProxyFactory out',
        },
      ],
    },
    {
      name: 'a cycle only autowiring closes',
      xml: `<objects>
  <object id="ledger" class="LedgerFactory">
    <property name="teller" ref="teller"/>
  </object>
  <object id="teller" class="Teller" autowire="byName"/>
</objects>
`,
      problems: [
        {
          code: 'SPINDLE_CONTAINER_CYCLE',
          line: 'broken.xml:3:29: [ledger] reference cycle: ledger → teller → ledger (through autowiring)',
        },
      ],
    },
    {
      name: 'an unknown autowire mode',
      xml: `<objects>
  <object id="teller" class="Teller" autowire="bytype"/>
</objects>
`,
      problems: [
        {
          code: 'invalid-value',
          line: "broken.xml:2:38: [teller] autowire must be one of no, default, byName, byType, constructor, not 'bytype' (did you mean 'byType'?)",
        },
      ],
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const file = dir.write('broken.xml', testCase.xml);
      assert.deepEqual(await checkProblems(file, bankClasses()), testCase.problems);
      const error = await loadError(file, bankClasses());
      const expected = testCase.problems[0]?.code ?? '';
      assert.equal(
        error?.code,
        /^[a-z]/.test(expected) ? 'SPINDLE_CONTEXT_INVALID' : expected,
        String(error),
      );
      assert.ok(
        error.message.includes(testCase.problems[0]?.line.replace(/^broken.xml/, '') ?? ''),
        error.message,
      );
    });
  }
});

describe('autowire: an object made by a factory is a candidate of what is made, never of the declaring class', () => {
  class Db {}
  class Clients {
    public static db(): Db {
      return new Db();
    }
  }
  class Pools {
    public openLedger(): Ledger {
      return new Ledger();
    }
  }
  class Repo {
    public clients: Clients | undefined;
    public db: Db | undefined;
  }
  const classes = (): ReturnType<typeof bankClasses> =>
    bankClasses()
      .registerClass('Db', Db)
      .registerClass('Clients', Clients)
      .registerClass('Pools', Pools)
      .registerClass('Repo', Repo, { propertyTypes: { clients: Clients } })
      .registerClass('DbRepo', Repo, { propertyTypes: { db: Db } });
  const dir = contextDir();
  after(dir.dispose);

  it('does not fill a Clients slot with the Db a static factory-method of Clients made', async () => {
    const file = dir.write(
      'static.xml',
      `<objects>
  <object id="db" class="Clients" factory-method="db"/>
  <object id="repo" class="Repo" autowire="byType"/>
</objects>
`,
    );
    const line = `static.xml:3:3: [repo] autowire="byType": property 'clients': no object of class Clients for 'clients'`;
    assert.deepEqual(await checkProblems(file, classes()), [{ code: 'SPINDLE_CONTAINER_AUTOWIRE', line }]);
    const error = await loadError(file, classes());
    assert.equal(error?.code, 'SPINDLE_CONTAINER_AUTOWIRE');
  });

  it('refuses, located, a factory-bean whose class names what its factory does not make', async () => {
    const file = dir.write(
      'liar.xml',
      `<objects>
  <object id="pools" class="Pools"/>
  <object id="pooled" class="Db" factory-bean="pools" factory-method="openLedger"/>
  <object id="repo" class="DbRepo" autowire="byType"/>
</objects>
`,
    );
    assert.deepEqual(await checkProblems(file, classes()), []);
    const error = await loadError(file, classes());
    assert.equal(error?.code, 'SPINDLE_CONTAINER_AUTOWIRE');
    assert.match(
      error.message,
      /^object 'pooled' \(.*liar\.xml:3:3\) is declared of class Db but is a Ledger$/,
    );
  });
});
