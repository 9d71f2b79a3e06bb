import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { parse } from 'yaml';

import { builtinClasses } from '../../src/builtins/builtinClasses.js';
import { silentLogger } from '../../src/common/Logger.js';
import { readContextWithProblems } from '../../src/config/index.js';
import { ClassRegistry, prepareContext } from '../../src/container/index.js';
import { ApplicationContext } from '../../src/index.js';
import type { ClassDescriptor, ValueType } from '../../src/container/index.js';
import { formatProblem } from '../../src/definitions/ContextProblem.js';
import type { ContextProblem } from '../../src/definitions/ContextProblem.js';
import { sortProblems } from '../../src/definitions/ContextProblem.js';
import { Ajv } from '../helpers/ajv.js';

import type { FencedBlock } from './markdown.js';
import {
  fencedBlocks,
  headings,
  infoValue,
  readDoc,
  repositoryRoot,
  section,
  tableRows,
} from './markdown.js';

const page = readDoc('context-files.md');
const blocks = fencedBlocks(page);
const examples = blocks.filter((block) => block.language === 'xml' || block.language === 'yaml');

/**
 * The TLS files the examples name, as a reader would have them: `spindle
 * check` refuses a key or certificate path it cannot read.
 */
const tlsDir = mkdtempSync(join(tmpdir(), 'spindle-docs-tls-'));
for (const name of [
  'server-key.pem',
  'server-cert.pem',
  'client-ca.pem',
  'ca.pem',
  'client-cert.pem',
  'client-key.pem',
])
  writeFileSync(join(tlsDir, name), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
after(() => {
  rmSync(tlsDir, { recursive: true, force: true });
});

/** Placeholders the examples use without a default, as `--set` would give them. */
const settings: Readonly<Record<string, string>> = {
  ALICE_PASSWORD: 'correct horse',
  TLS_DIR: tlsDir,
  CA_FILE: join(tlsDir, 'ca.pem'),
  CERT_FILE: join(tlsDir, 'client-cert.pem'),
  KEY_FILE: join(tlsDir, 'client-key.pem'),
};

/** The file name an example is written under: its `file=` or one made from its line. */
function fileName(block: FencedBlock): string {
  return infoValue(block, 'file') ?? `example-${String(block.line)}.${block.language}`;
}

/**
 * A registry with the built-ins, plus a stand-in class for every `module#Export`
 * the examples name (the modules are the reader's own, not in the repository)
 * and `Point`, the page's registered class with argument names.
 */
function exampleRegistry(): ClassRegistry {
  // Takes any arguments and has every lifecycle and factory method the examples name; an
  // Error, so that it can also stand in for the error classes of `faults`/`transportErrorClass`.
  class StandIn extends Error {
    public constructor(..._args: unknown[]) {
      super('stand-in');
    }
  }
  for (const block of examples) {
    const lifecycle = [...block.text.matchAll(/(?:init|destroy|factory)-method(?:="|:\s*)([\w$]+)/g)];
    const exported = [...block.text.matchAll(/(?:name="methods" value="|methods: \[)([^"\]]*)/g)];
    const names = [
      ...lifecycle.map((match) => match[1] ?? ''),
      ...exported.flatMap((match) => (match[1] ?? '').split(',').map((name) => name.trim())),
    ];
    for (const name of names) {
      Object.defineProperty(StandIn.prototype, name, { value: () => undefined, configurable: true });
      Object.defineProperty(StandIn, name, { value: () => new StandIn(), configurable: true });
    }
  }
  const registry = springClasses().registerClass('Point', StandIn, { argNames: ['x', 'y'] });
  for (const block of examples) {
    for (const match of block.text.matchAll(/class(?:="|:\s*)([^"\s]+#[A-Za-z_$][\w$]*)/g)) {
      registry.registerClass(match[1] ?? '', StandIn);
    }
  }
  return ClassRegistry.merge(builtinClasses(), registry);
}

/** The classes of "Spring container features", registered as that section shows. */
function springClasses(): ClassRegistry {
  class Ledger {}
  class MemoryLedger extends Ledger {}
  class AuditLedger extends Ledger {}
  class Teller {
    public ledger: Ledger | undefined;
  }
  class Vault {
    public constructor(
      public readonly ledger: Ledger,
      public readonly teller: Teller,
    ) {}
  }
  class LedgerFactory {
    public open(): MemoryLedger {
      return new MemoryLedger();
    }
    public async openArchive(): Promise<Ledger> {
      return Promise.resolve(new Ledger());
    }
  }
  class CallLogger {
    public postProcessAfterInit(object: unknown): unknown {
      return object;
    }
  }
  return new ClassRegistry()
    .registerClass('MemoryLedger', MemoryLedger)
    .registerClass('AuditLedger', AuditLedger)
    .registerClass('LedgerFactory', LedgerFactory)
    .registerClass('CallLogger', CallLogger)
    .registerClass('Teller', Teller, { propertyTypes: { ledger: Ledger } })
    .registerClass('Vault', Vault, { argNames: ['ledger', 'teller'], argTypes: [Ledger, Teller] });
}

/** The profile names an example mentions (without `!`), to read it with all of them active as well. */
function profilesOf(block: FencedBlock): string[] {
  const expressions =
    block.language === 'xml'
      ? [...block.text.matchAll(/profile="([^"]*)"/g)].map((match) => match[1] ?? '')
      : Object.keys((parse(block.text) as { profiles?: object } | null)?.profiles ?? {});
  return [
    ...new Set(
      expressions
        .flatMap((expression) => expression.split(/[\s,]+/))
        .filter((name) => name !== '' && !name.startsWith('!')),
    ),
  ];
}

/** Every problem `spindle check` would print for `file`: reader and wiring, as `file:line:col: [id] message` without the directory. */
async function check(file: string, profiles: readonly string[], registry: ClassRegistry): Promise<string[]> {
  const read = await readContextWithProblems([file], { profiles, settings, env: {} });
  const wiring = await prepareContext(read.context, registry, settings, silentLogger);
  const problems = sortProblems(
    [...read.problems, ...(wiring.problems as unknown as ContextProblem[])],
    read.context.files,
  );
  return problems.map((problem) => {
    const line = formatProblem(problem);
    return line.startsWith(`${problem.location.file}:`)
      ? `${basename(problem.location.file)}${line.slice(problem.location.file.length)}`
      : line;
  });
}

/** The `text` block right after a broken example: the problems it must produce. */
function expectedProblems(block: FencedBlock): string[] {
  const next = blocks[blocks.indexOf(block) + 1];
  assert.ok(
    next?.language === 'text',
    `the broken example at line ${String(block.line)} needs a text block after it`,
  );
  return next.text.split('\n').filter((line) => line.trim() !== '');
}

/** xmllint's verdict against the XSD and the built-ins' Schematron rules, in whatever namespace the example uses. */
function xmllint(text: string): string | undefined {
  const config = join(repositoryRoot, 'config');
  try {
    execFileSync(
      'xmllint',
      [
        '--noout',
        '--nonet',
        '--schema',
        join(config, 'spindle-objects.xsd'),
        '--schematron',
        join(config, 'spindle-objects.sch'),
        '-',
      ],
      { input: text, stdio: 'pipe' },
    );
    return undefined;
  } catch (error) {
    return String((error as { stderr?: unknown }).stderr ?? error);
  }
}

describe('docs/context-files.md', () => {
  let dir: string;
  const registry = exampleRegistry();

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'spindle-docs-'));
    for (const block of examples) writeFileSync(join(dir, fileName(block)), block.text);
  });

  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('has XML and YAML examples, each under its own file name', () => {
    const xml = examples.filter((block) => block.language === 'xml').length;
    const yaml = examples.filter((block) => block.language === 'yaml').length;
    assert.ok(xml >= 20 && yaml >= 20, `${String(xml)} XML and ${String(yaml)} YAML examples`);
    const names = examples.map(fileName);
    assert.deepEqual(
      names.filter((name, i) => names.indexOf(name) !== i),
      [],
      'two examples share a file name',
    );
  });

  for (const block of examples) {
    const name = fileName(block);
    if (block.info.includes('broken')) {
      it(`${name} (line ${String(block.line)}) gives exactly the problems printed after it`, async () => {
        assert.deepEqual(await check(join(dir, name), [], registry), expectedProblems(block));
      });
      continue;
    }
    it(`${name} (line ${String(block.line)}) reads and wires without problems`, async () => {
      const file = join(dir, name);
      assert.deepEqual(await check(file, [], registry), []);
      const profiles = profilesOf(block);
      if (profiles.length > 0)
        assert.deepEqual(await check(file, profiles, registry), [], `with ${profiles.join(', ')}`);
      if (block.info.includes('load')) {
        const context = await ApplicationContext.load(file, { classes: registry, settings, env: {} });
        await context.close();
      }
    });
  }

  it('every XML example is valid against config/spindle-objects.xsd', () => {
    const refused = examples
      .filter((block) => block.language === 'xml' && !block.info.includes('broken'))
      .map((block) => [fileName(block), xmllint(block.text)] as const)
      .filter(([, output]) => output !== undefined);
    assert.deepEqual(refused, []);
  });

  it('every YAML example is valid against config/spindle-context.schema.json', () => {
    const schema = JSON.parse(
      readFileSync(join(repositoryRoot, 'config', 'spindle-context.schema.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const refused = examples
      .filter((block) => block.language === 'yaml' && !block.info.includes('broken'))
      .filter((block) => !validate(parse(block.text)))
      .map((block) => `${fileName(block)}: ${ajv.errorsText(validate.errors)}`);
    assert.deepEqual(refused, []);
  });

  it('gives every XML example a YAML twin of the same name', () => {
    const stems = (language: string): string[] =>
      examples
        .filter((block) => block.language === language)
        .map((block) => fileName(block).replace(/\.(xml|yaml)$/, ''))
        .sort();
    assert.deepEqual(stems('xml'), stems('yaml'));
  });
});

/** `name` → conversion type for every property and field (`tls.key`) of a descriptor. */
function documentedNames(descriptor: ClassDescriptor): Map<string, string> {
  const names = new Map<string, string>();
  const add = (prefix: string, properties: Readonly<Record<string, ValueType>>): void => {
    for (const [name, type] of Object.entries(properties)) {
      names.set(`${prefix}${name}`, typeof type === 'object' ? 'object' : type);
      if (typeof type === 'object') add(`${prefix}${name}.`, type.fields);
    }
  };
  add('', descriptor.properties);
  return names;
}

describe('the built-in tables of docs/context-files.md', () => {
  const registry = builtinClasses();
  const builtins = section(page, '## Built-in classes') ?? '';

  it('have one section per built-in class, and none for a class that does not exist', () => {
    assert.deepEqual(headings(builtins, 3).sort(), registry.names().sort());
  });

  for (const name of registry.names()) {
    it(`list every property of ${name} with its type and Spring Python alias, and nothing else`, () => {
      const entry = registry.lookup(name);
      assert.ok(entry?.kind === 'descriptor');
      const descriptor = entry.descriptor;
      const rows = tableRows(section(builtins, `### ${name}`) ?? '');
      const expected = documentedNames(descriptor);
      const missing = [...expected.keys()].filter((property) => !rows.has(property));
      assert.deepEqual(missing, [], `${name}: properties the table does not list`);
      const unknown = [...rows.keys()].filter((property) => !expected.has(property));
      assert.deepEqual(unknown, [], `${name}: rows for properties the class does not have`);
      // The type column itself is generated from the option table (test/config/schemas.spec.ts).
      for (const [property, type] of expected) {
        if (type === 'object')
          assert.equal(rows.get(property)?.[1], 'object', `${name}.${property}: type column`);
      }
      for (const [alias, property] of Object.entries(descriptor.aliases ?? {})) {
        assert.equal(rows.get(property)?.[3], `\`${alias}\``, `${name}.${property}: alias column`);
      }
      for (const [property, cells] of rows) {
        const alias = /^`(.+)`$/.exec(cells[3] ?? '')?.[1];
        if (alias !== undefined)
          assert.equal(descriptor.aliases?.[alias], property, `${name}: alias ${alias}`);
      }
    });
  }
});
