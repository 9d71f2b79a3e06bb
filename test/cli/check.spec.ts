import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runSpindle } from '../helpers/nodeProcess.js';

const brokenXml = `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="remoteService" class="./service.js#Service"/>
  <object id="typo" class="XmlRpcServiceExporte"/>
  <object id="missingModule" class="./nowhere.js#Service"/>
  <object id="missingExport" class="./service.js#Servic"/>
  <object id="exporterA" class="XmlRpcServiceExporter">
    <property name="service" ref="remoteService"/>
    <property name="service_name" value="A"/>
    <property name="service_prot" value="7000"/>
  </object>
  <object id="exporterB" class="XmlRpcServiceExporter">
    <property name="service" ref="remoteService"/>
    <property name="serviceName" value="B"/>
    <property name="servicePort" value="seven"/>
  </object>
  <object id="exporterC" class="XmlRpcServiceExporter">
    <property name="service" ref="remoteServce"/>
    <property name="serviceName" value="C"/>
    <property name="servicePort" value="7100"/>
  </object>
  <object id="exporterD" class="XmlRpcServiceExporter">
    <property name="service" ref="remoteService"/>
    <property name="serviceName" value="D"/>
    <property name="servicePort" value="7100"/>
    <property name="tls">
      <dict>
        <entry key="key" value="server.key"/>
        <entry key="cert" value="server.crt"/>
      </dict>
    </property>
  </object>
  <object id="exporterE" class="XmlRpcServiceExporter">
    <property name="service" ref="remoteService"/>
    <property name="serviceName" value="C"/>
    <property name="servicePort" value="7100"/>
  </object>
</objects>
`;

const brokenYaml = `objects:
  - object: service
    class: XmlRpcProxyFactory
    properties:
      serviceUrl: http://127.0.0.1:7000/ServiceName
      timeout: 5000
      timeoutMs: soon
  - object: local
    class: ./service.js#Service
`;

const builtinMisuseXml = `<objects xmlns="https://spindle.dev/schema/objects">
  <object id="local" class="./service.js#Service"/>
  <object id="base" abstract="true" init-method="open"/>
  <object id="exporter" class="XmlRpcServiceExporter" destroy-method="stop" factory-method="make">
    <constructor-arg ref="local"/>
    <property name="servicePort" value="0"/>
  </object>
  <object id="proxy" class="XmlRpcProxyFactory" parent="base">
    <property name="serviceUrl" value="http://127.0.0.1:1/S"/>
  </object>
</objects>
`;

describe('spindle check', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-check-'));
    writeFileSync(join(dir, 'service.js'), 'export class Service { getData(p) { return p; } }\n');
    writeFileSync(join(dir, 'broken.xml'), brokenXml);
    writeFileSync(join(dir, 'broken.yaml'), brokenYaml);
    writeFileSync(join(dir, 'builtin-misuse.xml'), builtinMisuseXml);
    writeFileSync(join(dir, 'fine.yaml'), 'objects:\n  - object: local\n    class: ./service.js#Service\n');
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints every problem of every file as file:line:col and exits 1', async () => {
    const result = await runSpindle(['check', join(dir, 'broken.xml'), join(dir, 'broken.yaml')]);
    const xml = join(dir, 'broken.xml');
    const yaml = join(dir, 'broken.yaml');
    assert.equal(result.code, 1);
    assert.equal(result.stderr, '');
    // Each problem line is followed by its source line and a caret line (both indented).
    assert.deepEqual(
      result.stdout.split('\n').filter((line) => !line.startsWith('  ')),
      [
        `${xml}:3:3: [typo] unknown class 'XmlRpcServiceExporte' (did you mean 'XmlRpcServiceExporter'?); use a built-in, a registered name, or './module.js#Export'`,
        `${xml}:4:3: [missingModule] module not found: ${join(dir, 'nowhere.js')}`,
        `${xml}:5:3: [missingExport] module ${join(dir, 'service.js')} has no export 'Servic' (its classes and functions: Service)`,
        `${xml}:9:5: [exporterA] XmlRpcServiceExporter has no property 'service_prot' (did you mean 'service_port', 'service_host' or 'servicePort'?)`,
        `${xml}:14:34: [exporterB] property 'servicePort': 'seven' is not an integer`,
        `${xml}:17:30: [exporterC] ref 'remoteServce' names no object (did you mean 'remoteService'?)`,
        `${xml}:21:3: [exporterD] shares 127.0.0.1:7100 with 'exporterC' (${xml}:16:3) but with different TLS settings`,
        `${xml}:27:26: [exporterD] tls.key: '${join(dir, 'server.key')}' is neither PEM text nor a readable file (ENOENT)`,
        `${xml}:28:27: [exporterD] tls.cert: '${join(dir, 'server.crt')}' is neither PEM text nor a readable file (ENOENT)`,
        `${xml}:32:3: [exporterE] serves 127.0.0.1:7100/C, which 'exporterC' (${xml}:16:3) already serves`,
        `${xml}:32:3: [exporterE] shares 127.0.0.1:7100 with 'exporterD' (${xml}:21:3) but with different TLS settings`,
        `${yaml}:6:7: [service] XmlRpcProxyFactory has no property 'timeout' (did you mean 'timeoutMs' or 'timeout_ms'?)`,
        `${yaml}:7:18: [service] property 'timeoutMs': 'soon' is not an integer`,
        '',
      ],
    );
  });

  it('shows the source line with a caret under the column', async () => {
    const yaml = join(dir, 'broken.yaml');
    const result = await runSpindle(['check', yaml]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stdout,
      [
        `${yaml}:6:7: [service] XmlRpcProxyFactory has no property 'timeout' (did you mean 'timeoutMs' or 'timeout_ms'?)`,
        '  6 |       timeout: 5000',
        '    |       ^',
        `${yaml}:7:18: [service] property 'timeoutMs': 'soon' is not an integer`,
        '  7 |       timeoutMs: soon',
        '    |                  ^',
        '',
      ].join('\n'),
    );
    const xml = join(dir, 'broken.xml');
    const lines = (await runSpindle(['check', xml])).stdout.split('\n');
    const at = lines.indexOf(`${xml}:14:34: [exporterB] property 'servicePort': 'seven' is not an integer`);
    assert.deepEqual(lines.slice(at + 1, at + 3), [
      '  14 |     <property name="servicePort" value="seven"/>',
      `     | ${' '.repeat(33)}^`,
    ]);
  });

  it('reports lifecycle attributes and positional arguments on built-ins, which would be ignored', async () => {
    const xml = join(dir, 'builtin-misuse.xml');
    const result = await runSpindle(['check', xml]);
    assert.equal(result.code, 1);
    const lifecycle = 'a built-in runs its own lifecycle';
    assert.deepEqual(
      result.stdout.split('\n').filter((line) => !line.startsWith('  ')),
      [
        `${xml}:4:3: [exporter] XmlRpcServiceExporter takes no destroy-method ('stop'): ${lifecycle}`,
        `${xml}:4:3: [exporter] XmlRpcServiceExporter takes no factory-method ('make'): ${lifecycle}`,
        `${xml}:4:3: [exporter] XmlRpcServiceExporter needs the property 'service': the object whose methods are served (a ref or an inner object)`,
        `${xml}:5:5: [exporter] XmlRpcServiceExporter takes named arguments only (constructor-arg name="…")`,
        `${xml}:8:3: [proxy] XmlRpcProxyFactory takes no init-method ('open'): ${lifecycle}`,
        '',
      ],
    );
  });

  it('a missing file is reported without a source excerpt', async () => {
    const missing = join(dir, 'missing.xml');
    const result = await runSpindle(['check', missing]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, `${missing}:1:1: context file '${missing}' does not exist\n`);
  });

  it('--json prints one JSON object with every problem and keeps the exit codes', async () => {
    const yaml = join(dir, 'broken.yaml');
    const bad = await runSpindle(['check', '--json', yaml]);
    assert.equal(bad.code, 1);
    assert.deepEqual(JSON.parse(bad.stdout), {
      ok: false,
      objects: 2,
      files: 1,
      problems: [
        {
          file: yaml,
          line: 6,
          column: 7,
          objectId: 'service',
          code: 'SPINDLE_CONTAINER_UNKNOWN_PROPERTY',
          message: "XmlRpcProxyFactory has no property 'timeout' (did you mean 'timeoutMs' or 'timeout_ms'?)",
        },
        {
          file: yaml,
          line: 7,
          column: 18,
          objectId: 'service',
          code: 'SPINDLE_CONTAINER_VALUE_TYPE',
          message: "property 'timeoutMs': 'soon' is not an integer",
        },
      ],
    });
    const missing = join(dir, 'missing.yaml');
    const unread = await runSpindle(['check', '--json', missing]);
    assert.deepEqual((JSON.parse(unread.stdout) as { problems: unknown[] }).problems, [
      {
        file: missing,
        line: 1,
        column: 1,
        code: 'file-not-found',
        message: `context file '${missing}' does not exist`,
      },
    ]);
    const good = await runSpindle(['check', '--json', join(dir, 'fine.yaml')]);
    assert.equal(good.code, 0);
    assert.equal(good.stdout, '{"ok":true,"objects":1,"files":1,"problems":[]}\n');
  });

  it('exits 0 and says ok for a valid context', async () => {
    const result = await runSpindle(['check', join(dir, 'fine.yaml')]);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'ok: 1 object in 1 file(s)\n');
  });

  it('exits 2 with usage when no file is given or an option is unknown', async () => {
    const none = await runSpindle(['check']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^spindle check: expected at least one context file\n/);
    const unknown = await runSpindle(['check', '--frobnicate', 'x.xml']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option '--frobnicate'/);
  });
});
