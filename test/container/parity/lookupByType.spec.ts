import assert from 'node:assert/strict';

import { ContainerError } from '../../../src/container/index.js';
import { ApplicationContext } from '../../../src/index.js';

import { AuditLedger, bankClasses, contextDir, Ledger, LedgerFactory, MemoryLedger, Teller } from './bank.js';

const context = `<objects>
  <object id="memory" class="MemoryLedger" lazy-init="true"/>
  <object id="audit" class="AuditLedger" scope="prototype"/>
  <object id="template" class="Ledger" abstract="true"/>
  <object id="factory" class="LedgerFactory"/>
  <object id="later" class="Ledger" factory-bean="factory" factory-method="openLater" lazy-init="true">
    <constructor-arg value="later"/>
  </object>
  <object id="teller" class="Teller">
    <property name="ledger" ref="memory"/>
  </object>
</objects>
`;

describe('lookup by class: ctx.get(Class), ctx.getObjectsOfType(Class)', () => {
  const dir = contextDir();
  let ctx: ApplicationContext;
  before(async () => {
    ctx = await ApplicationContext.load(dir.write('lookup.xml', context), { classes: bankClasses() });
  });
  after(async () => {
    await ctx.close();
    dir.dispose();
  });

  it('gets the one object of a class, or of a subclass', () => {
    assert.equal(ctx.get(Teller), ctx.get('teller'));
    assert.equal(ctx.get(MemoryLedger), ctx.get('memory'));
    assert.equal(ctx.get(LedgerFactory), ctx.get('factory'));
  });

  it('refuses a class with several objects and no primary, or none, naming the candidates', () => {
    assert.throws(() => ctx.get(Ledger), {
      code: 'SPINDLE_CONTAINER_AUTOWIRE',
      message: '3 objects of class Ledger: memory, audit, later; mark one primary="true"',
    });
    class Unknown {}
    assert.throws(() => ctx.get(Unknown), {
      code: 'SPINDLE_CONTAINER_AUTOWIRE',
      message: 'no object of class Unknown',
    });
  });

  it('gives every object of a class by id, in definition order, lazy ones created, prototypes new', async () => {
    assert.throws(() => ctx.getObjectsOfType(Ledger), { code: 'SPINDLE_CONTAINER_ASYNC_OBJECT' });
    const ledgers = await ctx.getObjectsOfTypeAsync(Ledger);
    assert.deepEqual([...ledgers.keys()], ['memory', 'audit', 'later']);
    assert.equal(ledgers.get('memory'), ctx.get('memory'));
    assert.deepEqual(ledgers.get('later')?.entries, ['L:later']);
    const again = ctx.getObjectsOfType(Ledger);
    assert.equal(again.get('later'), ledgers.get('later'));
    assert.notEqual(again.get('audit'), ledgers.get('audit'));
    assert.ok(again.get('audit') instanceof AuditLedger);
    assert.deepEqual([...ctx.getObjectsOfType(Teller).keys()], ['teller']);
    assert.equal(ctx.getObjectsOfType(class Unknown {}).size, 0);
  });

  it('getAsync takes a class too', async () => {
    assert.equal(await ctx.getAsync(Teller), ctx.get('teller'));
  });
});

describe('lookup by class: an object made by a factory has the class of what is made', () => {
  class Db {}
  class Clients {
    public static db(): Db {
      return new Db();
    }
  }
  class Pools {
    public open(): Db {
      return new Db();
    }
    public openLedger(): MemoryLedger {
      return new MemoryLedger();
    }
  }
  /** A constructor may return another object; lookup by class must not hand that out as a Legacy. */
  class Legacy {
    public constructor() {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- such a constructor is the case under test
      return new Db();
    }
  }
  const classes = (): ReturnType<typeof bankClasses> =>
    bankClasses()
      .registerClass('Db', Db)
      .registerClass('Clients', Clients)
      .registerClass('Pools', Pools)
      .registerClass('Legacy', Legacy);
  const dir = contextDir();
  after(dir.dispose);

  it('leaves a static factory-method object out (its class only declares the method); keeps a factory-bean with class', async () => {
    const file = dir.write(
      'factories.xml',
      `<objects>
  <object id="db" class="Clients" factory-method="db"/>
  <object id="pools" class="Pools"/>
  <object id="pooled" class="Db" factory-bean="pools" factory-method="open"/>
  <object id="unstated" factory-bean="pools" factory-method="open"/>
</objects>
`,
    );
    const ctx = await ApplicationContext.load(file, { classes: classes() });
    try {
      assert.ok(ctx.get('db') instanceof Db);
      assert.throws(() => ctx.get(Clients), {
        code: 'SPINDLE_CONTAINER_AUTOWIRE',
        message: 'no object of class Clients',
      });
      assert.equal(ctx.getObjectsOfType(Clients).size, 0);
      assert.equal(ctx.get(Db), ctx.get('pooled'));
      assert.deepEqual([...ctx.getObjectsOfType(Db).keys()], ['pooled']);
    } finally {
      await ctx.close();
    }
  });

  it('refuses, located, a factory-bean whose class names what its factory does not make', async () => {
    const file = dir.write(
      'liar.xml',
      `<objects>
  <object id="pools" class="Pools"/>
  <object id="pooled" class="Db" factory-bean="pools" factory-method="openLedger" lazy-init="true"/>
</objects>
`,
    );
    const ctx = await ApplicationContext.load(file, { classes: classes() });
    try {
      assert.throws(
        () => ctx.get(Db),
        (error: unknown) => {
          assert.ok(error instanceof ContainerError);
          assert.equal(error.code, 'SPINDLE_CONTAINER_AUTOWIRE');
          assert.equal(error.objectId, 'pooled');
          assert.equal(error.location?.line, 3);
          assert.match(error.message, /liar\.xml:3:3\) is declared of class Db but is a MemoryLedger$/);
          return true;
        },
      );
    } finally {
      await ctx.close();
    }
  });

  it('refuses, located, an object whose constructor returned one of another class', async () => {
    const file = dir.write(
      'legacy.xml',
      `<objects>\n  <object id="legacy" class="Legacy" lazy-init="true"/>\n</objects>\n`,
    );
    const ctx = await ApplicationContext.load(file, { classes: classes() });
    try {
      assert.ok(ctx.get('legacy') instanceof Db);
      assert.throws(() => ctx.get(Legacy), {
        code: 'SPINDLE_CONTAINER_AUTOWIRE',
        message: /^object 'legacy' \(.*legacy\.xml:2:3\) is declared of class Legacy but is a Db$/,
      });
      await assert.rejects(ctx.getObjectsOfTypeAsync(Legacy), { code: 'SPINDLE_CONTAINER_AUTOWIRE' });
    } finally {
      await ctx.close();
    }
  });
});
