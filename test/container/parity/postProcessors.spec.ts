import assert from 'node:assert/strict';

import { ApplicationContext } from '../../../src/index.js';

import type { Teller } from './bank.js';
import { bankClasses, contextDir, events } from './bank.js';

const twins = {
  xml: `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="memory" class="MemoryLedger"/>
  <object id="teller" class="Teller">
    <property name="ledger" ref="memory"/>
  </object>
  <object id="tracked" class="Tracked" scope="prototype"/>
  <object id="proxy" class="XmlRpcProxyFactory" lazy-init="true">
    <property name="serviceUrl" value="http://127.0.0.1:9/RPC2"/>
  </object>
  <object id="logging" class="LoggingPostProcessor"/>
</objects>
`,
  yaml: `objects:
  - object: memory
    class: MemoryLedger
  - object: teller
    class: Teller
    properties:
      ledger: {ref: memory}
  - object: tracked
    class: Tracked
    scope: prototype
  - object: proxy
    class: XmlRpcProxyFactory
    lazy-init: true
    properties:
      serviceUrl: http://127.0.0.1:9/RPC2
  - object: logging
    class: LoggingPostProcessor
`,
};

describe('object post-processors', () => {
  const dir = contextDir();
  after(dir.dispose);
  afterEach(() => {
    events.length = 0;
  });

  for (const [format, text] of Object.entries(twins)) {
    it(`${format}: created first, then applied to every other object in dependency order, able to replace it`, async () => {
      const ctx = await ApplicationContext.load(dir.write(`processed.${format}`, text), {
        classes: bankClasses(),
      });
      try {
        // Defined last, created first; never applied to itself; memory before teller, which refers to it.
        assert.deepEqual(events, [
          'processor ready',
          'before memory',
          'after memory',
          'before teller',
          'after teller',
        ]);
        events.length = 0;
        const teller = ctx.get<Teller>('teller');
        assert.equal(teller.deposit(5), 1);
        assert.deepEqual(events, ['call teller.deposit'], 'get returns the wrapper the processor made');
        events.length = 0;
        // The processor's async hook makes creating a prototype async: getAsync() waits for it.
        assert.notEqual(await ctx.getAsync('tracked'), await ctx.getAsync('tracked'));
        const once = ['before tracked', 'tracked init', 'after tracked'];
        assert.deepEqual(events, [...once, ...once], 'prototypes each time, their init in between');
        events.length = 0;
        ctx.get('proxy');
        assert.deepEqual(events, [], 'built-ins are not post-processed');
      } finally {
        await ctx.close();
      }
    });
  }

  it('a post-processor that throws fails the load, naming it and the object', async () => {
    const classes = bankClasses().registerClass(
      'Failing',
      class Failing {
        public postProcessAfterInit(): never {
          throw new Error('no thanks');
        }
      },
    );
    const failing = dir.write(
      'failing2.xml',
      `<objects>
  <object id="failing" class="Failing"/>
  <object id="memory" class="MemoryLedger"/>
</objects>
`,
    );
    await assert.rejects(ApplicationContext.load(failing, { classes }), {
      code: 'SPINDLE_CONTAINER_INIT_FAILED',
      message: "post-processor 'failing' failed in postProcessAfterInit of 'memory': no thanks",
    });
  });
});
