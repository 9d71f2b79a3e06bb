import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ApplicationContext, SpindleError } from '../../src/index.js';
import { runSpindle } from '../helpers/nodeProcess.js';

const service = `export class Echo { echo(value) { return value; } }\n`;

const exporterYaml = (extra: string): string => `objects:
  - object: echo
    class: ./service.mjs#Echo
  - object: exporter
    class: XmlRpcServiceExporter
    properties:
      service: {ref: echo}
      servicePort: 0
${extra}`;

const proxyYaml = (extra: string): string => `objects:
  - object: proxy
    class: XmlRpcProxyFactory
    properties:
      serviceUrl: http://127.0.0.1:1/
${extra}`;

/**
 * An option group written empty (`decoding: ~`, or every field commented
 * out) either means its defaults, like `limits: ~`, or is refused by check
 * and run alike with a sentence; never a TypeError when the object is made.
 */
describe('option groups written as null', function () {
  this.timeout(60_000);
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-null-options-'));
    await writeFile(join(dir, 'service.mjs'), service);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const [name, text] of [
    ['exporter', exporterYaml('      decoding: ~\n')],
    ['exporter limits', exporterYaml('      limits:\n        decode: ~\n')],
    ['proxy', proxyYaml('      decoding: ~\n')],
  ] as const) {
    it(`an empty decode option group on the ${name} means the defaults: check passes and it loads`, async () => {
      const file = join(dir, `${name}-decoding.yaml`);
      await writeFile(file, text);
      const checked = await runSpindle(['check', file]);
      assert.equal(checked.code, 0, checked.stdout + checked.stderr);
      const ctx = await ApplicationContext.load([file]);
      await ctx.close();
    });
  }

  it('a limit written as null is refused by check and load, naming it (the server has no default for null)', async () => {
    const file = join(dir, 'exporter-null-limit.yaml');
    await writeFile(file, exporterYaml('      limits:\n        maxBodyBytes: ~\n'));
    const checked = await runSpindle(['check', file]);
    assert.equal(checked.code, 1, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /:\d+:\d+: .*limits\.maxBodyBytes needs an integer, not null/);
    await assert.rejects(ApplicationContext.load([file]), (error: unknown) => {
      assert.ok(SpindleError.is(error));
      assert.equal(error.code, 'SPINDLE_CONTAINER_VALUE_TYPE');
      return true;
    });
  });

  it('tls: ~ on an exporter is refused by check and load: it must not quietly serve plain HTTP', async () => {
    const file = join(dir, 'exporter-tls.yaml');
    await writeFile(file, exporterYaml('      tls: ~\n'));
    const checked = await runSpindle(['check', file]);
    assert.equal(checked.code, 1);
    assert.match(checked.stdout, /tls is empty/);
    await assert.rejects(ApplicationContext.load([file]), (error: unknown) => {
      assert.ok(SpindleError.is(error));
      assert.match(error.message, /tls is empty/);
      assert.doesNotMatch(error.message, /Cannot read properties/);
      return true;
    });
  });
});
