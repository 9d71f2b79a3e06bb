import assert from 'node:assert/strict';

import { ContextError, SpindleError } from '../../src/index.js';
import { readContext } from '../../src/entries/contextFiles.js';
import type { ContextDefinition, ObjectDefinition, ValueDefinition } from '../../src/entries/contextFiles.js';

import { RecordingLogger } from '../helpers/RecordingLogger.js';
import { fixture, withoutLocations } from './contextFixtures.js';

/** The message lines after the header, with the fixtures folder shortened to `@/`. */
async function problemLines(
  files: string[],
  options: Parameters<typeof readContext>[1] = {},
): Promise<string[]> {
  try {
    await readContext(files.map(fixture), { env: {}, ...options });
  } catch (error) {
    assert.ok(error instanceof ContextError, String(error));
    return error.message
      .split('\n')
      .slice(1)
      .map((line) => line.replaceAll(`${fixture('')}/`, '@/'));
  }
  assert.fail('expected a ContextError');
}

function object(context: ContextDefinition, id: string): ObjectDefinition {
  const definition = context.objects.get(id);
  assert.ok(definition, `no object '${id}'`);
  return definition;
}

function property(definition: ObjectDefinition, name: string): ValueDefinition {
  const found = definition.properties.find((p) => p.name === name);
  assert.ok(found, `no property '${name}' on '${definition.id}'`);
  return found.value;
}

describe('readContext', () => {
  const options = { settings: { HOST: 'example.org' }, env: {} };

  describe('the full vocabulary', () => {
    it('reads XML and YAML versions of one context into the same model', async () => {
      const xml = await readContext([fixture('full.xml')], options);
      const yaml = await readContext([fixture('full.yaml')], options);
      assert.deepEqual(withoutLocations(xml.objects), withoutLocations(yaml.objects));
      assert.deepEqual(
        [...xml.objects.keys()],
        [
          'settings',
          'base',
          'remoteService',
          'exporter',
          'service',
          'factoryMade',
          'positional',
          'collections',
        ],
      );
    });

    it('reads every object attribute, with real booleans and scopes', async () => {
      for (const file of ['full.xml', 'full.yaml']) {
        const context = await readContext([fixture(file)], options);
        const remote = object(context, 'remoteService');
        assert.equal(remote.className, './service.js#Service');
        assert.equal(remote.initMethod, 'start');
        assert.equal(remote.destroyMethod, 'stop');
        assert.deepEqual(object(context, 'exporter').dependsOn, ['remoteService', 'settings']);
        const service = object(context, 'service');
        assert.equal(service.scope, 'prototype');
        assert.equal(service.lazyInit, true);
        const made = object(context, 'factoryMade');
        assert.equal(made.factoryMethod, 'create');
        assert.equal(made.lazyInit, false, '"false" is false');
        assert.equal(object(context, 'base').abstract, true);
        assert.equal(remote.scope, 'singleton');
        assert.equal(remote.abstract, false);
      }
    });

    it('reads constructor args by position, index and name, and typed values', async () => {
      const context = await readContext([fixture('full.xml')], options);
      const args = withoutLocations(object(context, 'factoryMade').constructorArgs);
      assert.deepEqual(args, [
        { index: 0, value: { kind: 'literal', value: 'first' } },
        { index: 1, value: { kind: 'ref', id: 'settings' } },
        { name: 'ratio', value: { kind: 'literal', value: 0.5, type: 'double' } },
      ]);
      assert.deepEqual(withoutLocations(object(context, 'positional').constructorArgs), [
        { value: { kind: 'literal', value: 'left' } },
        { value: { kind: 'ref', id: 'settings' } },
      ]);
      assert.deepEqual(withoutLocations(property(object(context, 'service'), 'timeoutMs')), {
        kind: 'literal',
        value: 2500,
        type: 'int',
      });
      assert.deepEqual(withoutLocations(property(object(context, 'exporter'), 'multicall')), {
        kind: 'literal',
        value: true,
        type: 'boolean',
      });
    });

    it('reads list, set, dict, props, null, ref and inner objects', async () => {
      const holder = object(await readContext([fixture('full.xml')], options), 'collections');
      const names = property(holder, 'names');
      assert.equal(names.kind, 'list');
      assert.deepEqual(
        names.items.map((item) => item.kind),
        ['literal', 'ref', 'null', 'object'],
      );
      const inner = names.items[3];
      assert.equal(inner?.kind === 'object' && inner.definition.id, 'collections.names[3]');
      assert.deepEqual(withoutLocations(property(holder, 'tags')), {
        kind: 'set',
        items: [
          { kind: 'literal', value: 'x' },
          { kind: 'literal', value: 'y' },
        ],
      });
      const byName = property(holder, 'byName');
      assert.equal(byName.kind, 'dict');
      assert.deepEqual(
        byName.entries.map((entry) => [entry.key, entry.value.kind]),
        [
          ['one', 'literal'],
          ['two', 'ref'],
          ['three', 'list'],
        ],
      );
      assert.deepEqual(withoutLocations(property(holder, 'props')), {
        kind: 'props',
        entries: [
          { key: 'user', value: 'guest' },
          { key: 'mode', value: 'fast' },
        ],
      });
      assert.equal(property(holder, 'nothing').kind, 'null');
      const named = property(holder, 'named');
      assert.equal(named.kind === 'object' && named.definition.id, 'innerNamed');
    });

    it('gives every element and attribute its line and column', async () => {
      const xml = await readContext([fixture('full.xml')], options);
      const exporter = object(xml, 'exporter');
      assert.deepEqual(exporter.location, { file: fixture('full.xml'), line: 5, column: 3 });
      // A value attribute is located at its name, a nested value at its element.
      assert.deepEqual(property(exporter, 'service').location, {
        file: fixture('full.xml'),
        line: 6,
        column: 30,
      });
      assert.deepEqual(property(exporter, 'serviceHost').location, {
        file: fixture('full.xml'),
        line: 9,
        column: 34,
      });
      assert.deepEqual(exporter.properties[0]?.location, { file: fixture('full.xml'), line: 6, column: 5 });
      const yaml = await readContext([fixture('full.yaml')], options);
      assert.deepEqual(object(yaml, 'exporter').location, { file: fixture('full.yaml'), line: 7, column: 5 });
      assert.deepEqual(property(object(yaml, 'exporter'), 'service').location, {
        file: fixture('full.yaml'),
        line: 11,
        column: 22,
      });
    });
  });

  describe('placeholders', () => {
    it('takes settings first, then the environment, then the default', async () => {
      const fromSettings = await readContext([fixture('full.xml')], {
        settings: { HOST: 'set', PORT: '8001' },
        env: { HOST: 'env', PORT: '9' },
      });
      const exporter = object(fromSettings, 'exporter');
      assert.deepEqual(withoutLocations(property(exporter, 'serviceHost')), {
        kind: 'literal',
        value: 'set',
      });
      assert.deepEqual(withoutLocations(property(exporter, 'servicePort')), {
        kind: 'literal',
        value: '8001',
      });
      const fromEnv = await readContext([fixture('full.yaml')], { env: { HOST: 'env', USER_NAME: 'ann' } });
      assert.deepEqual(withoutLocations(property(object(fromEnv, 'exporter'), 'serviceHost')), {
        kind: 'literal',
        value: 'env',
      });
      assert.deepEqual(withoutLocations(property(object(fromEnv, 'exporter'), 'servicePort')), {
        kind: 'literal',
        value: '7000',
      });
      assert.deepEqual(withoutLocations(property(object(fromEnv, 'collections'), 'props')), {
        kind: 'props',
        entries: [
          { key: 'user', value: 'ann' },
          { key: 'mode', value: 'fast' },
        ],
      });
      assert.deepEqual(withoutLocations(property(object(fromEnv, 'service'), 'serviceUrl')), {
        kind: 'literal',
        value: 'http://127.0.0.1:7000/ServiceName',
      });
    });

    it('reports a placeholder with no value and no default where it is written', async () => {
      assert.deepEqual(await problemLines(['full.xml']), [
        "@/full.xml:9:34: [exporter] placeholder '${HOST}' has no value and no default",
      ]);
      assert.deepEqual(await problemLines(['full.yaml']), [
        "@/full.yaml:14:20: [exporter] placeholder '${HOST}' has no value and no default",
      ]);
    });
  });

  describe('profiles', () => {
    it('skips profile sections that are not active, even their missing placeholders', async () => {
      const context = await readContext([fixture('full.xml')], options);
      assert.equal(context.objects.has('devOnly'), false);
      assert.equal(context.objects.has('prodOnly'), false);
      assert.equal(object(context, 'service').className, 'XmlRpcProxyFactory');
    });

    it('reads an active section, which may override a definition of the same file', async () => {
      for (const file of ['full.xml', 'full.yaml']) {
        const context = await readContext([fixture(file)], { ...options, profiles: ['dev'] });
        assert.equal(object(context, 'devOnly').className, './service.js#Service');
        assert.equal(object(context, 'service').className, './service.js#Service');
      }
    });

    it('reports what an active section is missing', async () => {
      assert.deepEqual(await problemLines(['full.xml'], { ...options, profiles: ['prod'] }), [
        "@/full.xml:52:31: [prodOnly] placeholder '${PROD_SECRET}' has no value and no default",
      ]);
      assert.deepEqual(await problemLines(['full.yaml'], { ...options, profiles: ['prod'] }), [
        "@/full.yaml:64:19: [prodOnly] placeholder '${PROD_SECRET}' has no value and no default",
      ]);
    });
  });

  describe('imports and several files', () => {
    it('reads imports relative to the importing file, once each', async () => {
      const context = await readContext([fixture('full.xml'), fixture('common.xml')], options);
      assert.deepEqual(context.files, [fixture('full.xml'), fixture('common.xml')]);
      assert.ok(context.objects.has('settings'));
    });

    it('reports an import cycle with the whole chain, and an import that does not exist', async () => {
      assert.deepEqual(await problemLines(['cycle-a.xml']), [
        '@/cycle-b.yaml:2:5: import cycle: @/cycle-a.xml → @/cycle-b.yaml → @/cycle-a.xml',
        "@/cycle-b.yaml:3:5: context file '@/missing.xml' does not exist",
      ]);
    });

    it('lets a later file replace a definition, with a debug line saying so', async () => {
      const logger = new RecordingLogger();
      const context = await readContext([fixture('base.xml'), fixture('client.yaml')], { env: {}, logger });
      assert.equal(object(context, 'service').className, 'XmlRpcProxyFactory');
      assert.deepEqual(context.files, [fixture('base.xml'), fixture('client.yaml')]);
      assert.ok(
        logger
          .messages('debug')
          .includes(
            `definition 'service' at ${fixture('client.yaml')}:2:5 replaces the one at ${fixture('base.xml')}:2:3`,
          ),
        logger.lines.join('\n'),
      );
    });

    it('reports a file it cannot read or whose format it cannot tell', async () => {
      assert.deepEqual(await problemLines(['nothing-here.xml', 'contextFixtures.txt']), [
        "@/nothing-here.xml:1:1: context file '@/nothing-here.xml' does not exist",
        "@/contextFixtures.txt:1:1: cannot tell the format of '@/contextFixtures.txt': name it .xml, .yaml or .yml",
      ]);
    });
  });

  describe('errors', () => {
    it('reports every problem of an XML file at once, with file, line, column and object id', async () => {
      assert.deepEqual(await problemLines(['errors.xml']), [
        "@/errors.xml:2:59: [remoteService] unknown attribute 'lazy-inti' on <object> (did you mean 'lazy-init'?)",
        "@/errors.xml:3:55: [exporter] scope must be 'singleton' or 'prototype', not 'singelton'",
        "@/errors.xml:3:73: [exporter] abstract must be true or false, not 'no'",
        "@/errors.xml:4:5: [exporter] unknown element 'proprety' in <object> (did you mean 'property'?)",
        "@/errors.xml:5:30: [exporter] ref 'remoteServise' names no object (did you mean 'remoteService'?)",
        "@/errors.xml:6:34: [exporter] placeholder '${MISSING_PORT}' has no value and no default",
        "@/errors.xml:7:30: [exporter] 'three' is not an int",
        "@/errors.xml:8:22: [exporter] index must be a whole number from 0, not '-1'",
        "@/errors.xml:10:3: [child] parent 'bsae' is not defined",
        "@/errors.xml:11:3: [remoteService] duplicate id 'remoteService': already defined at @/errors.xml:2:3",
        '@/errors.xml:12:3: [noClass] object has no class: give it a class, or a parent that has one',
      ]);
    });

    it('reports the same mistakes in YAML the same way', async () => {
      assert.deepEqual(await problemLines(['errors.yaml']), [
        "@/errors.yaml:4:5: [remoteService] unknown key 'lazy-inti' in an object (did you mean 'lazy-init'?)",
        "@/errors.yaml:7:12: [exporter] scope must be 'singleton' or 'prototype', not 'singelton'",
        "@/errors.yaml:8:15: [exporter] abstract must be true or false, not 'no'",
        "@/errors.yaml:9:5: [exporter] unknown key 'propreties' in an object (did you mean 'properties'?)",
        "@/errors.yaml:11:22: [exporter] ref 'remoteServise' names no object (did you mean 'remoteService'?)",
        "@/errors.yaml:12:20: [exporter] placeholder '${MISSING_PORT}' has no value and no default",
        "@/errors.yaml:13:16: [exporter] 'three' is not an int",
        "@/errors.yaml:15:5: [child] parent 'bsae' is not defined",
        "@/errors.yaml:17:5: [remoteService] duplicate id 'remoteService': already defined at @/errors.yaml:2:5",
        '@/errors.yaml:19:5: [noClass] object has no class: give it a class, or a parent that has one',
      ]);
    });

    it('prints every dependency cycle whole, and refuses refs to abstract objects', async () => {
      assert.deepEqual(await problemLines(['refcycles.xml']), [
        '@/refcycles.xml:2:45: [a] reference cycle: a → b → c → a',
        '@/refcycles.xml:5:51: [self] reference cycle: self → self',
        "@/refcycles.xml:8:3: [usesTemplate] depends-on 'template' names an abstract object, which is never created",
      ]);
    });

    it('reports files that are not well-formed with where the parser stopped', async () => {
      assert.deepEqual(await problemLines(['broken.xml']), [
        '@/broken.xml:3:10: not well-formed XML: Unexpected close tag',
      ]);
      assert.deepEqual(await problemLines(['broken.yaml']), [
        '@/broken.yaml:4:1: not well-formed YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      ]);
    });

    it('throws a SpindleError with a stable code and the problems as data', async () => {
      const error = await readContext([fixture('refcycles.xml')], { env: {} }).then(
        () => assert.fail('expected an error'),
        (e: unknown) => e,
      );
      assert.ok(SpindleError.is(error));
      assert.ok(error instanceof ContextError);
      assert.equal(error.code, 'SPINDLE_CONTEXT_INVALID');
      assert.equal(error.message.split('\n')[0], 'invalid context (3 problems):');
      assert.deepEqual(
        error.problems.map((p) => [p.code, p.objectId, p.location.line, p.location.column]),
        [
          ['reference-cycle', 'a', 2, 45],
          ['reference-cycle', 'self', 5, 51],
          ['abstract-ref', 'usesTemplate', 8, 3],
        ],
      );
    });
  });

  describe('inheritance', () => {
    it('flattens parent chains: class, scope, args and properties by name or index, methods', async () => {
      const lines = await problemLines(['inheritance.xml']);
      assert.deepEqual(lines, ['@/inheritance.xml:23:3: [loop1] parent chain loops: loop1 → loop2 → loop1']);
    });
  });

  describe("Spring Python's files", () => {
    it("reads the seed's XML with Spring Python's namespace and schema location", async () => {
      const context = await readContext([fixture('spring-python.xml')], { env: {} });
      assert.deepEqual([...context.objects.keys()], ['remoteService', 'service_exporter', 'service']);
      assert.deepEqual(withoutLocations(property(object(context, 'service_exporter'), 'service_port')), {
        kind: 'literal',
        value: '7000',
      });
    });
  });
});
