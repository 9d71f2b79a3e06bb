import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { Ajv } from 'ajv';
import { parse } from 'yaml';

import { XML_NAMESPACES } from '../../src/config/index.js';

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

/** Every context file a user could see: the fixtures and every sample's context files. */
function contextFiles(extensions: readonly string[]): string[] {
  return [...filesUnder(fixtures), ...filesUnder(join(root, 'samples'))].filter((file) =>
    extensions.some((extension) => file.endsWith(extension)),
  );
}

/**
 * xmllint's verdict on one XML context. Files that omit the namespace (or use
 * Spring Python's) are given Spindle's, as the reader treats them the same.
 */
function xmllint(file: string): { ok: boolean; output: string } {
  let text = readFileSync(file, 'utf8');
  for (const namespace of XML_NAMESPACES.slice(1))
    text = text.replaceAll(`"${namespace}"`, `"${XML_NAMESPACES[0]}"`);
  if (!text.includes(XML_NAMESPACES[0]))
    text = text.replace(/<objects(?=[\s>/])/, `<objects xmlns="${XML_NAMESPACES[0]}"`);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', xsd, '-'], { input: text, stdio: 'pipe' });
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
          assert.equal(xmllint(file).ok, false);
        });
      } else {
        it(`accepts ${name}`, () => {
          const { ok, output } = xmllint(file);
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
        'constructor-args',
        'properties',
      ]);
    });
  });
});
