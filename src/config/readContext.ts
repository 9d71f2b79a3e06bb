import { dirname, extname, resolve } from 'node:path';

import type { Logger } from '../common/index.js';
import { silentLogger } from '../common/index.js';
import {
  ContextError,
  formatLocation,
  resolveInheritance,
  sortProblems,
  validateDefinitions,
} from '../definitions/index.js';
import type {
  AliasDefinition,
  ContextDefinition,
  ContextProblem,
  ObjectDefinition,
  SourceLocation,
} from '../definitions/index.js';

import type { ContextLimits } from './ContextLimits.js';
import { DEFAULT_CONTEXT_LIMITS } from './ContextLimits.js';
import { parseContextFile } from './parseContextFile.js';
import { readContextBytes } from './readContextBytes.js';
import { ReaderSession } from './ReaderSession.js';

/** Options of {@link readContext}. */
export interface ReadContextOptions {
  /** Active profiles: `<objects profile="…">` / `profiles:` sections that apply. @default [] */
  readonly profiles?: readonly string[];
  /** Values for `${NAME}` placeholders, looked up before `env` (the CLI's `--set`). @default {} */
  readonly settings?: Readonly<Record<string, string>>;
  /** The environment, looked up after `settings`. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Gets a debug line per file read and per definition replaced. @default silentLogger */
  readonly logger?: Logger;
  /** Bounds on each file: size, nesting depth, YAML alias expansion (see {@link ContextLimits}). @default DEFAULT_CONTEXT_LIMITS */
  readonly limits?: Partial<ContextLimits>;
}

/**
 * Reads context files (XML by `.xml`, YAML by `.yaml`/`.yml`) with their
 * imports into one model: active profiles only, placeholders expanded, later
 * definitions replacing earlier ones with the same id, `parent` chains
 * flattened (see `resolveInheritance`), then checked (see
 * `validateDefinitions`).
 *
 * @throws ContextError with every problem found, each with file, line, column and object id.
 */
export async function readContext(
  files: readonly string[],
  options: ReadContextOptions = {},
): Promise<ContextDefinition> {
  const { context, problems } = await readContextWithProblems(files, options);
  if (problems.length > 0) throw new ContextError(problems);
  return context;
}

/**
 * Like {@link readContext} but never throws for a bad context: returns what
 * could be read together with every problem (for `spindle check` and tools
 * that add their own problems before reporting).
 */
export async function readContextWithProblems(
  files: readonly string[],
  options: ReadContextOptions = {},
): Promise<{ readonly context: ContextDefinition; readonly problems: readonly ContextProblem[] }> {
  const logger = options.logger ?? silentLogger;
  const limits: ContextLimits = { ...DEFAULT_CONTEXT_LIMITS, ...options.limits };
  const settings = options.settings ?? {};
  const env = options.env ?? process.env;
  const lookup = (name: string): string | undefined =>
    Object.hasOwn(settings, name) ? settings[name] : Object.hasOwn(env, name) ? env[name] : undefined;
  const session = new ReaderSession(new Set(options.profiles ?? []), lookup, logger);
  const objects = new Map<string, { definition: ObjectDefinition; section: number }>();
  const aliases = new Map<string, { alias: AliasDefinition; section: number }>();
  const read: string[] = [];
  const reading: string[] = [];
  /** Every file named, read or not, in the order met: the order problems are reported in. */
  const named: string[] = [];

  const add = (definition: ObjectDefinition, section: number): void => {
    const previous = objects.get(definition.id);
    if (previous !== undefined) {
      if (previous.section === section) {
        session.problem(
          'duplicate-id',
          `duplicate id '${definition.id}': already defined at ${formatLocation(previous.definition.location)}`,
          definition.location,
          definition.id,
        );
        return;
      }
      logger.debug(
        `definition '${definition.id}' at ${formatLocation(definition.location)} replaces the one at ${formatLocation(previous.definition.location)}`,
        {
          id: definition.id,
        },
      );
      objects.delete(definition.id);
    }
    objects.set(definition.id, { definition, section });
  };

  /** Like an object: a later section (profile, file) may point an alias elsewhere; one section may not say it twice. */
  const addAlias = (alias: AliasDefinition, section: number): void => {
    const previous = aliases.get(alias.alias);
    if (previous?.section === section && previous.alias.name !== alias.name) {
      session.problem(
        'alias-clash',
        `alias '${alias.alias}' already names '${previous.alias.name}' at ${formatLocation(previous.alias.location)}`,
        alias.location,
        alias.alias,
      );
      return;
    }
    aliases.set(alias.alias, { alias, section });
  };

  const load = async (file: string, from: SourceLocation | undefined): Promise<void> => {
    const at = from ?? { file, line: 1, column: 1 };
    if (!named.includes(file)) named.push(file);
    if (reading.includes(file)) {
      const loop = [...reading.slice(reading.indexOf(file)), file];
      session.problem('import-cycle', `import cycle: ${loop.join(' → ')}`, at);
      return;
    }
    if (read.includes(file)) return;
    const kind = formatOf(file);
    if (kind === undefined) {
      session.problem(
        'unknown-format',
        `cannot tell the format of '${file}': name it .xml, .yaml or .yml`,
        at,
      );
      return;
    }
    const contents = await readContextBytes(file, limits.maxFileBytes);
    if ('missing' in contents) {
      session.problem('file-not-found', contents.missing, at);
      return;
    }
    if ('tooLarge' in contents) {
      session.problem('limit-exceeded', contents.tooLarge, at);
      return;
    }
    read.push(file);
    reading.push(file);
    logger.debug(`reading context file ${file}`, { file });
    const items = await parseContextFile(contents.bytes, file, kind, session, limits);
    for (const item of items) {
      if (item.kind === 'import') await load(resolve(dirname(file), item.resource), item.location);
      else if (item.kind === 'alias') addAlias(item.alias, item.section);
      else add(item.definition, item.section);
    }
    reading.pop();
  };

  for (const file of files) await load(resolve(file), undefined);

  const merged: ContextDefinition = {
    objects: new Map([...objects].map(([id, entry]) => [id, entry.definition])),
    files: read,
    ...(aliases.size === 0 ? {} : { aliases: new Map([...aliases].map(([id, entry]) => [id, entry.alias])) }),
  };
  const inheritance = resolveInheritance(merged);
  const problems = [
    ...session.problems,
    ...inheritance.problems,
    ...validateDefinitions(inheritance.context),
  ];
  return { context: inheritance.context, problems: sortProblems(problems, named) };
}

function formatOf(file: string): 'xml' | 'yaml' | undefined {
  const extension = extname(file).toLowerCase();
  if (extension === '.xml') return 'xml';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  return undefined;
}
