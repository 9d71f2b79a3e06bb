import assert from 'node:assert/strict';
import { join } from 'node:path';

import { ApplicationContext } from '../../src/index.js';

/** The context files and the .ts module they name, in the sources (loaded through tsx). */
const contexts = join(import.meta.dirname, '..', '..', '..', 'test', 'container', 'contexts');

interface Job {
  name: string;
  clock: { zone: unknown };
  retries: unknown;
  enabled: unknown;
}

for (const file of ['lifecycle.xml', 'lifecycle.yaml']) {
  describe(`ApplicationContext.load(${file})`, () => {
    it('wires factory-method, constructor args by index, parent, depends-on, lifecycle and scope', async () => {
      const ctx = await ApplicationContext.load([join(contexts, file)]);
      // The context registered tsx to load Lifecycle.ts; this import gets that same module instance.
      const module = (await import(join(contexts, 'Lifecycle.ts'))) as { log: string[] };
      assert.deepEqual(module.log, ['Clock.at(UTC)', 'hourly.begin', 'nightly.begin']);
      const clock = ctx.get<{ zone: unknown; offset: unknown }>('clock2');
      assert.equal(clock.zone, 'CET');
      assert.equal(clock.offset, 2);
      const nightly = ctx.get<Job>('nightly');
      assert.equal(nightly.name, 'nightly');
      assert.equal(nightly.retries, 3);
      assert.equal(nightly.enabled, false);
      assert.equal(nightly.clock, ctx.get('clock'));
      assert.equal(nightly.clock.zone, 'UTC');
      assert.notEqual(ctx.get('adhoc'), ctx.get('adhoc'));
      assert.throws(() => ctx.get('template'), { code: 'SPINDLE_CONTAINER_ABSTRACT' });
      assert.deepEqual(module.log.slice(3), ['adhoc.begin', 'adhoc.begin']);
      await ctx.close();
      assert.deepEqual(module.log.slice(5), ['nightly.end', 'hourly.end']);
      module.log.length = 0;
    });
  });
}
