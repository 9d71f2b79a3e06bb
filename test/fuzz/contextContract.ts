import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

import { silentLogger } from '../../src/common/Logger.js';
import { DEFAULT_CONTEXT_LIMITS } from '../../src/config/ContextLimits.js';
import { parseContextFile } from '../../src/config/parseContextFile.js';
import { ReaderSession } from '../../src/config/ReaderSession.js';
import type { ObjectDefinition } from '../../src/definitions/ObjectDefinition.js';
import { resolveInheritance } from '../../src/definitions/resolveInheritance.js';
import { validateDefinitions } from '../../src/definitions/validateDefinitions.js';
import type { FuzzStats } from './fuzzContract.js';

/** The two context formats the readers take. */
export type ContextFormat = 'xml' | 'yaml';

/** The repository root (this file runs from dist/test/fuzz). */
const root = join(import.meta.dirname, '..', '..', '..');

/** Placeholder values the fuzzed files may use; any other name is a missing placeholder. */
const settings: Readonly<Record<string, string>> = { HOST: 'localhost', PORT: '7000' };

/** Hand-written seeds that reach the readers' guarded paths (aliases, profiles, Spring Python dicts). */
const EXTRA_SEEDS: Readonly<Record<ContextFormat, readonly string[]>> = {
  xml: [
    `<?xml version="1.0"?>\n<objects xmlns="https://spindle.dev/schema/objects" profile="dev">\n  <objects profile="!prod">\n    <object id="a" class="X" scope="prototype" lazy-init="true" depends-on="b, c">\n      <constructor-arg index="0" value="\${HOST:h}" type="string"/>\n      <property name="d"><dict><entry><key><value>k</value></key><list><value type="int">1</value><null/><ref object="b"/></list></entry></dict></property>\n      <property name="p"><props><prop key="x">y</prop></props></property>\n    </object>\n  </objects>\n  <object id="b" parent="a" abstract="false"><property name="s"><set><object class="Y"/></set></property></object>\n  <import resource="other.xml"/>\n</objects>\n`,
  ],
  yaml: [
    `imports: [other.yaml]\nobjects:\n  - object: a\n    class: X\n    scope: prototype\n    lazy-init: true\n    depends-on: [b]\n    constructor-args: {0: &v \${PORT}, name: {value: "1", type: int}}\n    properties:\n      l: &l [1, 0x10, 2.5, null, {ref: b}, {object: inner, class: Y}]\n      m: {dict: {k: *l}, <<: [*l, *l]}\n      p: {props: {x: y}}\n      s: {set: [*v]}\nprofiles:\n  dev:\n    objects:\n      - object: b\n        parent: a\n`,
  ],
};

/** Seeds: every context under test/fixtures/contexts and samples/ in `format`, and {@link EXTRA_SEEDS}. */
export function contextSeeds(format: ContextFormat, maxBytes: number): Buffer[] {
  const extensions = format === 'xml' ? ['.xml'] : ['.yaml', '.yml'];
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (extensions.includes(extname(entry.name))) files.push(path);
    }
  };
  walk(join(root, 'test', 'fixtures', 'contexts'));
  walk(join(root, 'samples'));
  return [
    ...files.sort().map((file) => readFileSync(file)),
    ...EXTRA_SEEDS[format].map((text) => Buffer.from(text, 'utf8')),
  ].filter((seed) => seed.length <= maxBytes);
}

/**
 * The readers' contract, for any bytes: reading one file (bytes to items),
 * then flattening `parent` chains and validating, ends normally, with every
 * problem located in that file at a line and column from 1; no object id
 * holds a control character. An exception of any kind, even a
 * `ContextError`, is a crash: the readers report problems, they do not throw.
 */
export async function checkContextReader(
  input: Buffer,
  format: ContextFormat,
  stats: FuzzStats,
): Promise<void> {
  const file = `/fuzz/context.${format}`;
  const started = performance.now();
  try {
    const session = new ReaderSession(new Set(['dev']), (name) => settings[name], silentLogger);
    const items = await parseContextFile(input, file, format, session, DEFAULT_CONTEXT_LIMITS);
    const objects = new Map<string, ObjectDefinition>();
    for (const item of items) if (item.kind === 'object') objects.set(item.definition.id, item.definition);
    const inheritance = resolveInheritance({ objects, files: [file] });
    const problems = [
      ...session.problems,
      ...inheritance.problems,
      ...validateDefinitions(inheritance.context),
    ];
    for (const problem of problems) {
      const { location } = problem;
      if (location.file !== file || !(location.line >= 1) || !(location.column >= 1)) {
        throw new Error(`problem without a location in the file: ${JSON.stringify(problem)}`);
      }
    }
    for (const id of objects.keys()) {
      // eslint-disable-next-line no-control-regex -- the contract is about control characters
      if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/u.test(id)) {
        throw new Error(`an object id holds a control character: ${JSON.stringify(id)}`);
      }
    }
  } catch (error) {
    stats.crashes += 1;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new Error(`crash in the ${format} context reader: ${detail}`, { cause: error });
  } finally {
    // Figures only: hangs are the watchdog's (runCoverageWorker), so no assertion here depends on speed.
    stats.inputs += 1;
    stats.maxMs = Math.max(stats.maxMs, performance.now() - started);
  }
}
