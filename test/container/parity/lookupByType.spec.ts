import assert from 'node:assert/strict';

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
