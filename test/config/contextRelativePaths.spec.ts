import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';

import { contextCommandOption, contextFileOption } from '../../src/container/contextRelativePath.js';
import { ApplicationContext } from '../../src/index.js';
import { generateTestPki } from '../helpers/pki.js';
import type { TestPki } from '../helpers/pki.js';
import { freePort } from '../helpers/ports.js';

/**
 * TLS files named in a context are found next to the context, not in the
 * working directory: a server context in app/ names `certs/server-key.pem`, a
 * client context in app/client/ names `../certs/ca-chain.pem`, and both start
 * from the test's working directory (the repository), where no such files are.
 */
describe('file paths in a context are relative to the context file', function () {
  this.timeout(30_000);
  let root: string;
  let app: string;
  let pki: TestPki;
  const contexts: ApplicationContext[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'spindle-paths-'));
    app = join(root, 'app');
    pki = await generateTestPki(join(app, 'certs'));
    await mkdir(join(app, 'client'), { recursive: true });
    await writeFile(join(app, 'pow.mjs'), 'export class Pow { pow(x, y) { return x ** y; } }\n', 'utf8');
  });

  after(async () => {
    for (const ctx of contexts.reverse()) await ctx.close();
    await rm(root, { recursive: true, force: true });
  });

  const certs = (file: string): string => `certs/${basename(file)}`;

  it('an exporter with tls.key/cert relative to its file and a proxy with tls.ca relative to its own answer a real TLS call', async () => {
    assert.notEqual(process.cwd(), app, 'the test runs from another directory than the context');
    const port = await freePort();
    await writeFile(
      join(app, 'server.xml'),
      `<objects>
  <object id="pow" class="./pow.mjs#Pow"/>
  <object id="exporter" class="XmlRpcServiceExporter">
    <property name="service" ref="pow"/>
    <property name="serviceHost" value="127.0.0.1"/>
    <property name="servicePort" value="\${PORT}"/>
    <property name="tls">
      <dict>
        <entry key="key" value="${certs(pki.serverKey)}"/>
        <entry key="cert" value="${certs(pki.serverCert)}"/>
      </dict>
    </property>
  </object>
</objects>
`,
      'utf8',
    );
    await writeFile(
      join(app, 'client', 'client.yaml'),
      `objects:
  - object: remote
    class: XmlRpcProxyFactory
    properties:
      serviceUrl: https://localhost:\${PORT}/
      tls:
        ca: ../${certs(pki.caChain)}
`,
      'utf8',
    );
    const settings = { PORT: String(port) };
    contexts.push(await ApplicationContext.load(join(app, 'server.xml'), { settings }));
    const client = await ApplicationContext.load(
      relative(process.cwd(), join(app, 'client', 'client.yaml')),
      {
        settings,
      },
    );
    contexts.push(client);
    const remote = client.get<{ pow(x: number, y: number): Promise<number> }>('remote');
    assert.equal(await remote.pow(41, 3), 68921);
  });

  it('each item of a list of CA files (YAML) resolves against the file too', async () => {
    const port = await freePort();
    await writeFile(
      join(app, 'client', 'server-and-client.yaml'),
      `objects:
  - object: exporter
    class: XmlRpcServiceExporter
    properties:
      service: {object: pow, class: ../pow.mjs#Pow}
      serviceHost: 127.0.0.1
      servicePort: ${String(port)}
      tls: {key: ../${certs(pki.serverKey)}, cert: ../${certs(pki.serverCert)}}
  - object: remote
    class: XmlRpcProxyFactory
    properties:
      serviceUrl: https://localhost:${String(port)}/
      tls:
        ca: [../${certs(pki.rootCaCert)}, ../${certs(pki.signingCaCert)}]
`,
      'utf8',
    );
    const ctx = await ApplicationContext.load(join(app, 'client', 'server-and-client.yaml'));
    contexts.push(ctx);
    assert.equal(await ctx.get<{ pow(x: number, y: number): Promise<number> }>('remote').pow(3, 3), 27);
  });

  it("what is not a relative path stays as written: PEM text, ~/ paths, ssh's none, a bare program name", () => {
    const file = '/srv/app/context.xml';
    assert.equal(contextFileOption('certs/a.pem', file), '/srv/app/certs/a.pem');
    assert.equal(contextFileOption('../a.pem', file), '/srv/a.pem');
    assert.equal(contextFileOption('/etc/a.pem', file), '/etc/a.pem');
    assert.equal(contextFileOption('~/.ssh/id_ed25519', file), '~/.ssh/id_ed25519');
    assert.equal(contextFileOption('none', file), 'none');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    assert.equal(contextFileOption(pem, file), pem);
    assert.equal(contextCommandOption('ssh', file), 'ssh');
    assert.equal(contextCommandOption('./bin/ssh', file), '/srv/app/bin/ssh');
    assert.equal(contextFileOption('a.pem', ''), join(process.cwd(), 'a.pem'));
  });

  it('an absolute path, given through a placeholder, stays as it is', async () => {
    const port = await freePort();
    const file = join(app, 'client', 'absolute.xml');
    await writeFile(
      file,
      `<objects>
  <object id="exporter" class="XmlRpcServiceExporter">
    <property name="service"><object class="../pow.mjs#Pow"/></property>
    <property name="serviceHost" value="127.0.0.1"/>
    <property name="servicePort" value="${String(port)}"/>
    <property name="tls">
      <dict>
        <entry key="key" value="\${CERTS}/${basename(pki.serverKey)}"/>
        <entry key="cert" value="\${CERTS}/${basename(pki.serverCert)}"/>
      </dict>
    </property>
  </object>
  <object id="remote" class="XmlRpcProxyFactory">
    <property name="serviceUrl" value="https://localhost:${String(port)}/"/>
    <property name="tls"><dict><entry key="ca" value="\${CERTS}/${basename(pki.caChain)}"/></dict></property>
  </object>
</objects>
`,
      'utf8',
    );
    const ctx = await ApplicationContext.load(file, { settings: { CERTS: pki.dir } });
    contexts.push(ctx);
    assert.equal(await ctx.get<{ pow(x: number, y: number): Promise<number> }>('remote').pow(2, 10), 1024);
  });

  it('a relative path that names no file is refused with the path resolved against the context file', async () => {
    const file = join(app, 'client', 'missing.xml');
    await writeFile(
      file,
      `<objects>
  <object id="exporter" class="XmlRpcServiceExporter">
    <property name="service"><object class="../pow.mjs#Pow"/></property>
    <property name="servicePort" value="0"/>
    <property name="tls"><dict><entry key="key" value="certs/nope.pem"/><entry key="cert" value="certs/nope.pem"/></dict></property>
  </object>
</objects>
`,
      'utf8',
    );
    await assert.rejects(ApplicationContext.load(file), (error: Error) => {
      assert.match(
        error.message,
        new RegExp(join(app, 'client', 'certs', 'nope.pem').replaceAll('/', '\\/')),
      );
      return true;
    });
  });
});
