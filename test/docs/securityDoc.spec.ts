import assert from 'node:assert/strict';

import { DEFAULT_DECODE_LIMITS } from '../../src/codec/index.js';

import { readDoc, readSource, tableRows } from './markdown.js';

const page = readDoc('security.md');
const rows = tableRows(page);

/**
 * Every optional field of an exported interface with the first word of its
 * `@default`, read from the source: the limits' defaults live only in TSDoc
 * and in `??` fallbacks, so the TSDoc is what the page must agree with.
 */
function tsDocDefaults(path: string, interfaceName: string): Map<string, string> {
  const source = readSource(path);
  const start = source.indexOf(`export interface ${interfaceName} `);
  assert.ok(start >= 0, `${interfaceName} not found in ${path}`);
  const body = source.slice(start, source.indexOf('\n}', start));
  const defaults = new Map<string, string>();
  for (const match of body.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly (\w+)\?:/g)) {
    const value = /@default\s+([^\s,;)]+)/.exec(match[1] ?? '')?.[1];
    assert.ok(value !== undefined, `${interfaceName}.${match[2] ?? ''} has no @default`);
    defaults.set(match[2] ?? '', value.replace(/\.$/, ''));
  }
  return defaults;
}

describe('docs/security.md', () => {
  const server = tsDocDefaults('src/transport/server/XmlRpcServerOptions.ts', 'ServerLimits');
  const exporter = tsDocDefaults('src/exporter/XmlRpcServiceExporterOptions.ts', 'ExporterLimits');

  it('reads the limits from the source', () => {
    assert.ok(server.size >= 10, [...server.keys()].join(', '));
    assert.ok(exporter.has('callTimeoutMs'));
  });

  it('lists every server and exporter limit with the default the code gives it', () => {
    const wrong: string[] = [];
    for (const [name, value] of [...server, ...exporter]) {
      // The decode limits have a table of their own (checked below).
      if (name === 'decode') continue;
      const cells = rows.get(`limits.${name}`);
      if (cells === undefined) wrong.push(`limits.${name}: no row`);
      else if (!(cells[1] ?? '').includes(`\`${value}\``)) {
        wrong.push(`limits.${name}: the code says ${value}, the page says ${cells[1] ?? ''}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('lists every decode limit with its default', () => {
    for (const [name, value] of Object.entries(DEFAULT_DECODE_LIMITS)) {
      assert.ok((rows.get(name)?.[1] ?? '').includes(`\`${String(value)}\``), `${name}: ${String(value)}`);
    }
  });

  it('has no limit row for a limit the code does not have', () => {
    const known = new Set([...server.keys(), ...exporter.keys()].map((name) => `limits.${name}`));
    const unknown = [...rows.keys()].filter((name) => name.startsWith('limits.') && !known.has(name));
    assert.deepEqual(unknown, []);
  });
});
