import assert from 'node:assert/strict';

import { ApplicationContext } from '../../../src/index.js';

import type { Ledger, LedgerFactory } from './bank.js';
import { bankClasses, contextDir } from './bank.js';
import { checkProblems, loadError } from './checkProblems.js';

const twins = {
  xml: `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="factory" class="LedgerFactory">
    <constructor-arg value="F"/>
  </object>
  <alias name="factory" alias="ledgers"/>
  <object id="daily" factory-bean="factory" factory-method="open">
    <constructor-arg value="daily"/>
  </object>
  <object id="later" class="Ledger" factory-bean="ledgers" factory-method="openLater" init-method="record">
    <constructor-arg index="0" value="later"/>
  </object>
  <object id="each" factory-bean="factory" factory-method="open" scope="prototype" lazy-init="true">
    <constructor-arg value="each"/>
  </object>
</objects>
`,
  yaml: `objects:
  - object: factory
    class: LedgerFactory
    constructor-args: [F]
  - object: daily
    factory-bean: factory
    factory-method: open
    constructor-args: [daily]
  - object: later
    class: Ledger
    factory-bean: ledgers
    factory-method: openLater
    init-method: record
    constructor-args: {0: later}
  - object: each
    factory-bean: factory
    factory-method: open
    scope: prototype
    lazy-init: true
    constructor-args: [each]
aliases:
  - {alias: ledgers, name: factory}
`,
};

describe('factory-bean + factory-method: an instance method of another object makes this one', () => {
  const dir = contextDir();
  after(dir.dispose);

  for (const [format, text] of Object.entries(twins)) {
    it(`${format}: sync and async methods, arguments, init-method on what they make, prototypes`, async () => {
      const ctx = await ApplicationContext.load(dir.write(`factory.${format}`, text), {
        classes: bankClasses(),
      });
      try {
        assert.deepEqual(ctx.get<Ledger>('daily').entries, ['F:daily']);
        // openLater is async; init-method record() ran on the ledger it made (with no argument).
        assert.deepEqual(ctx.get<Ledger>('later').entries, ['F:later', undefined]);
        assert.equal(ctx.get<LedgerFactory>('factory').made, 2);
        assert.notEqual(ctx.get('each'), ctx.get('each'));
        assert.equal(ctx.get<LedgerFactory>('factory').made, 4);
      } finally {
        await ctx.close();
      }
    });
  }

  it('check finds a factory-bean that names nothing, lacks the method, lacks factory-method, or is a built-in; load refuses alike', async () => {
    const file = dir.write(
      'broken.xml',
      `<objects>
  <object id="factory" class="LedgerFactory"/>
  <object id="a" factory-bean="factroy" factory-method="open"/>
  <object id="b" factory-bean="factory" factory-method="close"/>
  <object id="c" factory-bean="factory"/>
  <object id="proxy" class="XmlRpcProxyFactory">
    <property name="serviceUrl" value="http://127.0.0.1:9/RPC2"/>
  </object>
  <object id="d" factory-bean="proxy" factory-method="open"/>
  <object id="e" factory-bean="factory" factory-method="open">
    <constructor-arg name="name" value="x"/>
  </object>
</objects>
`,
    );
    assert.deepEqual(await checkProblems(file, bankClasses()), [
      {
        code: 'dangling-ref',
        line: "broken.xml:3:3: [a] factory-bean 'factroy' names no object (did you mean 'factory'?)",
      },
      {
        code: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
        line: "broken.xml:4:3: [b] class LedgerFactory of factory-bean 'factory' defines no method 'close' (factory-method)",
      },
      {
        code: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
        line: "broken.xml:5:3: [c] factory-bean 'factory' needs a factory-method: the method of it that makes this object",
      },
      {
        code: 'SPINDLE_CONTAINER_LIFECYCLE_METHOD',
        line: "broken.xml:9:3: [d] factory-bean 'proxy' is a XmlRpcProxyFactory, which makes no objects (factory-method 'open')",
      },
      {
        code: 'SPINDLE_CONTAINER_ARGUMENT',
        line: "broken.xml:11:5: [e] the arguments of factory-method 'open' are positional or indexed, not named ('name')",
      },
    ]);
    assert.equal((await loadError(file, bankClasses()))?.code, 'SPINDLE_CONTEXT_INVALID');
    // Without the reader's problem, load refuses what check reports first.
    const wiring = dir.write(
      'wiring.xml',
      `<objects>
  <object id="factory" class="LedgerFactory"/>
  <object id="b" factory-bean="factory" factory-method="close"/>
</objects>
`,
    );
    assert.equal((await loadError(wiring, bankClasses()))?.code, 'SPINDLE_CONTAINER_LIFECYCLE_METHOD');
  });

  it('check and load find a factory-bean loop', async () => {
    const file = dir.write(
      'loop.xml',
      `<objects>
  <object id="a" factory-bean="b" factory-method="open"/>
  <object id="b" factory-bean="a" factory-method="open"/>
</objects>
`,
    );
    assert.deepEqual(await checkProblems(file, bankClasses()), [
      { code: 'reference-cycle', line: 'loop.xml:2:3: [a] reference cycle: a → b → a' },
    ]);
    assert.equal((await loadError(file, bankClasses()))?.code, 'SPINDLE_CONTEXT_INVALID');
  });
});
