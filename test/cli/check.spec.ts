import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runSpindle } from './cliProcess.js';

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

describe('spindle check', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-check-'));
    writeFileSync(join(dir, 'service.js'), 'export class Service { getData(p) { return p; } }\n');
    writeFileSync(join(dir, 'broken.xml'), brokenXml);
    writeFileSync(join(dir, 'broken.yaml'), brokenYaml);
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
    assert.deepEqual(result.stdout.split('\n'), [
      `${xml}:3:3: [typo] unknown class 'XmlRpcServiceExporte' (did you mean 'XmlRpcServiceExporter'?); use a built-in, a registered name, or './module.js#Export'`,
      `${xml}:4:3: [missingModule] module not found: ${join(dir, 'nowhere.js')}`,
      `${xml}:5:3: [missingExport] module ${join(dir, 'service.js')} has no export 'Servic' (its classes and functions: Service)`,
      `${xml}:9:5: [exporterA] XmlRpcServiceExporter has no property 'service_prot' (did you mean 'service_port' or 'service_host' or 'servicePort'?)`,
      `${xml}:14:34: [exporterB] property 'servicePort': 'seven' is not an integer`,
      `${xml}:17:30: [exporterC] ref 'remoteServce' names no object (did you mean 'remoteService'?)`,
      `${xml}:21:3: [exporterD] shares 127.0.0.1:7100 with 'exporterC' (${xml}:16:3) but with different TLS settings`,
      `${xml}:32:3: [exporterE] serves 127.0.0.1:7100/C, which 'exporterC' (${xml}:16:3) already serves`,
      `${xml}:32:3: [exporterE] shares 127.0.0.1:7100 with 'exporterD' (${xml}:21:3) but with different TLS settings`,
      `${yaml}:6:7: [service] XmlRpcProxyFactory has no property 'timeout' (did you mean 'timeoutMs'?)`,
      `${yaml}:7:18: [service] property 'timeoutMs': 'soon' is not an integer`,
      '',
    ]);
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
