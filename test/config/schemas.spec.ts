import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { builtinOptions } from '../../src/builtins/schemas/builtinOptions.js';
import { generatedFiles } from '../../src/builtins/schemas/generatedFiles.js';
import { optionDocTable } from '../../src/builtins/schemas/optionDocTables.js';
import { XML_NAMESPACES } from '../../src/config/index.js';
import { Ajv } from '../helpers/ajv.js';

import { fixtures } from './contextFixtures.js';

const root = join(import.meta.dirname, '..', '..', '..');
const xsd = join(root, 'config', 'spindle-objects.xsd');
const jsonSchema = JSON.parse(
  readFileSync(join(root, 'config', 'spindle-context.schema.json'), 'utf8'),
) as object;

/** Fixtures that are broken on purpose: the schemas must refuse them too. */
const broken = new Set(['errors.xml', 'errors.yaml', 'broken.xml', 'broken.yaml']);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Kubernetes manifests (samples/kubernetes/k8s/): YAML, but not context files. */
const kubernetesManifests = join(root, 'samples', 'kubernetes', 'k8s');

/** Every context file a user could see: the fixtures and every sample's context files. */
function contextFiles(extensions: readonly string[]): string[] {
  return [...filesUnder(fixtures), ...filesUnder(join(root, 'samples'))].filter(
    (file) =>
      extensions.some((extension) => file.endsWith(extension)) && !file.startsWith(kubernetesManifests),
  );
}

const schematron = join(root, 'config', 'spindle-objects.sch');

/**
 * xmllint's verdict on one XML context, as written (any namespace the reader
 * accepts, none included): the XSD, then the built-ins' Schematron rules.
 */
function xmllint(text: string): { ok: boolean; output: string } {
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', xsd, '--schematron', schematron, '-'], {
      input: text,
      stdio: 'pipe',
    });
    return { ok: true, output: '' };
  } catch (error) {
    return { ok: false, output: String((error as { stderr?: unknown }).stderr ?? error) };
  }
}

describe('the context file schemas', () => {
  describe('config/spindle-objects.xsd', () => {
    const files = contextFiles(['.xml']);

    it('finds XML contexts to check', () => {
      assert.ok(files.length >= 8, files.join(', '));
    });

    for (const file of files) {
      const name = file.slice(root.length + 1);
      if (broken.has(file.slice(fixtures.length + 1))) {
        it(`refuses ${name}`, () => {
          assert.equal(xmllint(readFileSync(file, 'utf8')).ok, false);
        });
      } else {
        it(`accepts ${name}`, () => {
          const { ok, output } = xmllint(readFileSync(file, 'utf8'));
          assert.ok(ok, output);
        });
      }
    }
  });

  describe('config/spindle-context.schema.json', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(jsonSchema);
    const files = contextFiles(['.yaml', '.yml']);

    it('finds YAML contexts to check', () => {
      assert.ok(files.length >= 5, files.join(', '));
    });

    for (const file of files) {
      const name = file.slice(root.length + 1);
      const base = file.slice(fixtures.length + 1);
      if (base === 'broken.yaml') continue; // not YAML at all: nothing for a schema to say
      if (broken.has(base)) {
        it(`refuses ${name}`, () => {
          assert.equal(validate(parse(readFileSync(file, 'utf8'))), false);
        });
      } else {
        it(`accepts ${name}`, () => {
          const valid = validate(parse(readFileSync(file, 'utf8')));
          assert.ok(valid, ajv.errorsText(validate.errors));
        });
      }
    }

    it('suggests the object keys an editor completes', () => {
      const keys = Object.keys(
        (jsonSchema as { definitions: { object: { properties: object } } }).definitions.object.properties,
      );
      assert.deepEqual(keys, [
        'object',
        'class',
        'scope',
        'lazy-init',
        'abstract',
        'parent',
        'init-method',
        'destroy-method',
        'depends-on',
        'factory-method',
        'factory-bean',
        'autowire',
        'primary',
        'constructor-args',
        'properties',
      ]);
    });
  });
});

/** An exporter whose properties are `props` (XML attributes of `<property>`), in the namespace given. */
function exporterXml(namespace: string | undefined, props: string): string {
  const xmlns = namespace === undefined ? '' : ` xmlns="${namespace}"`;
  return `<objects${xmlns}>
  <object id="calculator" class="./calculator.js#Calculator"/>
  <object id="exporter" class="XmlRpcServiceExporter">
    <property name="service" ref="calculator"/>
${props}
  </object>
</objects>
`;
}

describe("the schemas know every built-in's options", () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(jsonSchema);
  const yamlExporter = (properties: string): unknown =>
    parse(`objects:
  - object: calculator
    class: ./calculator.js#Calculator
  - object: exporter
    class: XmlRpcServiceExporter
    properties:
      service: {ref: calculator}
${properties}`);

  it('accept an exporter written correctly, in YAML and in XML of every namespace the reader accepts', () => {
    const yaml = yamlExporter(
      '      servicePort: 7000\n      multicall: false\n      tls: {key: k.pem, cert: c.pem}\n      limits: {decode: {maxDepth: 32}}\n',
    );
    assert.ok(validate(yaml), ajv.errorsText(validate.errors));
    for (const namespace of [...XML_NAMESPACES, undefined]) {
      const { ok, output } = xmllint(
        exporterXml(
          namespace,
          '    <property name="service_port" value="${PORT:7000}"/>\n    <property name="multicall" value="false"/>',
        ),
      );
      assert.ok(ok, `${namespace ?? 'no namespace'}: ${output}`);
    }
  });

  const mistakes: readonly { readonly what: string; readonly yaml: string; readonly xml: string }[] = [
    {
      what: 'a misspelt property',
      yaml: '      servicePrt: 7000\n',
      xml: '<property name="servicePrt" value="7000"/>',
    },
    {
      what: 'a boolean that is not one',
      yaml: '      multicall: maybe\n',
      xml: '<property name="multicall" value="maybe"/>',
    },
    {
      what: 'a port out of range',
      yaml: '      servicePort: 99999\n',
      xml: '<property name="servicePort" value="99999"/>',
    },
    {
      what: 'a list where a number belongs',
      yaml: '      servicePort: [7000]\n',
      xml: '<property name="servicePort"><list><value>7000</value></list></property>',
    },
    {
      what: 'an unknown TLS version',
      yaml: '      tls: {key: k, cert: c, minVersion: TLSv1}\n',
      xml: '<property name="tls"><dict><entry key="key" value="k"/><entry key="cert" value="c"/><entry key="minVersion" value="TLSv1"/></dict></property>',
    },
    {
      what: 'an unknown field of an object option',
      yaml: '      limits: {maxBodyByte: 10}\n',
      xml: '<property name="limits"><dict><entry key="maxBodyByte" value="10"/></dict></property>',
    },
    {
      what: 'a misspelt field two levels down',
      yaml: '      limits: {decode: {maxDeph: 3}}\n',
      xml: '<property name="limits"><dict><entry key="decode"><dict><entry key="maxDeph" value="3"/></dict></entry></dict></property>',
    },
  ];
  for (const mistake of mistakes) {
    it(`refuse ${mistake.what} in YAML (JSON Schema) and XML (XSD and Schematron)`, () => {
      assert.equal(validate(yamlExporter(mistake.yaml)), false);
      assert.equal(xmllint(exporterXml(XML_NAMESPACES[0], `    ${mistake.xml}`)).ok, false);
      assert.equal(xmllint(exporterXml(undefined, `    ${mistake.xml}`)).ok, false);
    });
  }

  it('refuse value= where a proxy needs an object, and a URL of another scheme', () => {
    const xml = `<objects>
  <object id="e" class="XmlRpcServiceExporter"><property name="service" value="calculator"/></object>
</objects>`;
    assert.match(xmllint(xml).output, /needs an object: write ref=/);
    const proxy = `<objects><object id="p" class="XmlRpcProxyFactory"><property name="serviceUrl" value="htp://127.0.0.1:7000/S"/></object></objects>`;
    assert.match(xmllint(proxy).output, /must be a http, https, ssh URL/);
    assert.equal(
      validate(
        parse(
          'objects:\n  - object: p\n    class: XmlRpcProxyFactory\n    properties: {serviceUrl: "htp://x/S"}\n',
        ),
      ),
      false,
    );
  });
});

describe('the generated schema files and docs tables', () => {
  it('are exactly what npm run generate:schemas makes from the option tables', () => {
    for (const file of generatedFiles(root)) {
      assert.equal(
        readFileSync(join(root, file.path), 'utf8'),
        file.text,
        `${file.path} differs from the option tables: run npm run generate:schemas`,
      );
    }
  });

  it('put a table of every built-in in docs/context-files.md', () => {
    const docs = readFileSync(join(root, 'docs', 'context-files.md'), 'utf8');
    for (const builtin of builtinOptions()) {
      assert.ok(docs.includes(optionDocTable(builtin)), builtin.name);
      for (const [name] of builtin.options)
        assert.ok(docs.includes(`| \`${name}\` |`), `${builtin.name}.${name}`);
    }
  });
});

describe('the schemas know the Spring container features', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(jsonSchema);
  const xml = (objectsAttributes: string, body: string): string =>
    `<objects xmlns="${XML_NAMESPACES[0]}"${objectsAttributes}>
  <object id="memory" class="./ledger.js#Ledger" primary="true"/>
${body}
</objects>
`;
  const yaml = (top: string, object: string): unknown =>
    parse(`${top}objects:
  - object: memory
    class: ./ledger.js#Ledger
    primary: true
  - object: teller
${object}`);

  it('accept alias, default-autowire, factory-bean, autowire and primary in XML and YAML', () => {
    const { ok, output } = xmllint(
      xml(
        ' default-autowire="byType"',
        '  <alias name="memory" alias="ledger"/>\n  <object id="teller" factory-bean="ledger" factory-method="open" autowire="byName"/>',
      ),
    );
    assert.ok(ok, output);
    const document = yaml(
      'default-autowire: byType\naliases:\n  - {alias: ledger, name: memory}\n',
      '    factory-bean: ledger\n    factory-method: open\n    autowire: byName\n',
    );
    assert.ok(validate(document), ajv.errorsText(validate.errors));
  });

  it('refuse an unknown autowire mode and an alias without its name', () => {
    assert.equal(xmllint(xml('', '  <object id="teller" class="./t.js#T" autowire="bytype"/>')).ok, false);
    assert.equal(xmllint(xml(' default-autowire="yes"', '')).ok, false);
    assert.equal(xmllint(xml('', '  <alias alias="ledger"/>')).ok, false);
    assert.equal(validate(yaml('', '    class: ./t.js#T\n    autowire: bytype\n')), false);
    assert.equal(validate(yaml('aliases:\n  - {alias: ledger}\n', '    class: ./t.js#T\n')), false);
  });
});
