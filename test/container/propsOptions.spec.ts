import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ApplicationContext, SpindleError } from '../../src/index.js';
import type { XmlRpcServiceExporter } from '../../src/index.js';
import { runSpindle } from '../helpers/nodeProcess.js';
import { generateTestPki } from '../helpers/pki.js';
import type { TestPki } from '../helpers/pki.js';

const service = `export class Echo { echo(value) { return value; } }\n`;

const exporterXml = (tls: string): string => `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="echo" class="./service.mjs#Echo"/>
  <object id="exporter" class="XmlRpcServiceExporter">
    <property name="service" ref="echo"/>
    <property name="servicePort" value="0"/>
    <property name="tls">${tls}</property>
  </object>
</objects>
`;

/**
 * `<props>` (text keys to text values) for an option made of fields: its text
 * fields (tls key, cert, ca) load as before, and check agrees; a field that
 * needs a number or a boolean is refused by both, since the text would reach
 * the class unconverted ("false" would be true).
 */
describe('<props> for an option made of fields', function () {
  this.timeout(60_000);
  let dir = '';
  let pki: TestPki;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spindle-props-'));
    pki = await generateTestPki(join(dir, 'pki'));
    await writeFile(join(dir, 'service.mjs'), service);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('tls as <props> of key and cert: check passes and the exporter serves HTTPS', async () => {
    const file = join(dir, 'tls-props.xml');
    await writeFile(
      file,
      exporterXml(
        `<props><prop key="key">${pki.serverKey}</prop><prop key="cert">${pki.serverCert}</prop><prop key="minVersion">TLSv1.2</prop></props>`,
      ),
    );
    const checked = await runSpindle(['check', file]);
    assert.equal(checked.code, 0, checked.stderr);
    const ctx = await ApplicationContext.load([file]);
    try {
      assert.match(ctx.get<XmlRpcServiceExporter>('exporter').url ?? '', /^https:\/\//);
    } finally {
      await ctx.close();
    }
  });

  it('a boolean field in <props> is refused by check and load alike, naming the field', async () => {
    const file = join(dir, 'tls-props-bool.xml');
    await writeFile(
      file,
      exporterXml(
        `<props><prop key="key">${pki.serverKey}</prop><prop key="cert">${pki.serverCert}</prop><prop key="requestCert">false</prop></props>`,
      ),
    );
    const checked = await runSpindle(['check', file]);
    assert.equal(checked.code, 1);
    assert.match(
      checked.stdout,
      /tls\.requestCert needs a boolean; <props> gives text as written: use a <dict>/,
    );
    assert.doesNotMatch(checked.stdout, /needs a dict, not a dict/);
    await assert.rejects(ApplicationContext.load([file]), (error: unknown) => {
      assert.ok(SpindleError.is(error));
      assert.match(error.message, /tls\.requestCert needs a boolean/);
      return true;
    });
  });
});
