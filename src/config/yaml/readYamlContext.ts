import type { Document, Node } from 'yaml';
import { isScalar, isSeq } from 'yaml';

import type { AliasDefinition, SourceLocation } from '../../definitions/index.js';
import type { ContextFileItem } from '../ContextFileItem.js';
import type { ContextLimits } from '../ContextLimits.js';
import type { ReaderSession } from '../ReaderSession.js';

import { parseYaml } from './parseYaml.js';
import type { Entry } from './YamlNodeReader.js';
import { YamlNodeReader } from './YamlNodeReader.js';
import { YamlObjectReader } from './YamlObjectReader.js';

const topKeys = ['objects', 'aliases', 'imports', 'profiles', 'default-autowire'];

/**
 * Reads one YAML context file (Spring Python's keys, plus `imports`,
 * `profiles` and the wrappers that let YAML say all XML says) into items;
 * problems go to the session. Positions come from node ranges and a
 * `LineCounter`; {@link parseYaml} keeps the file within `limits`.
 */
export function readYamlContext(
  source: string,
  file: string,
  session: ReaderSession,
  limits: ContextLimits,
): ContextFileItem[] {
  const parsed = parseYaml(source, file, limits);
  if ('problems' in parsed) {
    for (const problem of parsed.problems) session.problem(problem.code, problem.message, problem.location);
    return [];
  }
  return new YamlContextReader(session, parsed.document, parsed.at).read();
}

/** The file level: imports, top-level objects and profiles, in that order. */
class YamlContextReader extends YamlNodeReader {
  private readonly items: ContextFileItem[] = [];
  private readonly objectReader: YamlObjectReader;

  public constructor(session: ReaderSession, document: Document, at: (offset: number) => SourceLocation) {
    super(session, document, at);
    this.objectReader = new YamlObjectReader(session, document, at);
  }

  public read(): ContextFileItem[] {
    const contents = this.document.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) {
      // Empty, blank, comment-only or `---` only: most likely a file cut short, never a context on purpose.
      this.session.problem(
        'invalid-value',
        'the file holds no YAML content: a context file is a mapping with objects, imports or profiles',
        this.at(contents?.range?.[0] ?? 0),
      );
      return this.items;
    }
    this.section(contents, this.at(0));
    return this.items;
  }

  /**
   * Top level or a profile's body: `imports`, `objects`, `aliases`,
   * `profiles`; its `default-autowire` applies to its objects and to its
   * profiles' (unless they say their own).
   */
  private section(node: Node | null, fallback: SourceLocation): void {
    const entries = this.entries(node, fallback, 'a context file', topKeys);
    if (entries === undefined) return;
    const section = this.session.nextSection();
    const byKey = new Map(entries.map((entry) => [entry.key, entry]));
    const outerDefault = this.objectReader.defaultAutowire;
    const defaultAutowire = byKey.get('default-autowire');
    if (defaultAutowire !== undefined) {
      const location = this.location(defaultAutowire.value, defaultAutowire.keyLocation);
      const raw = this.scalarText(defaultAutowire.value, location, 'default-autowire');
      if (raw !== undefined)
        this.objectReader.defaultAutowire = this.session.autowire(raw, location) ?? outerDefault;
    }
    try {
      this.sectionBody(byKey, section);
    } finally {
      this.objectReader.defaultAutowire = outerDefault;
    }
  }

  private sectionBody(byKey: ReadonlyMap<string, Entry>, section: number): void {
    // Imports first, then objects, whatever the key order: what a file imports is what it overrides.
    const imports = byKey.get('imports');
    if (imports !== undefined) {
      for (const item of this.sequence(imports.value)) {
        const location = this.location(item, imports.keyLocation);
        const resource = this.scalarText(item, location, 'an import');
        if (resource !== undefined && !this.session.inactive)
          this.items.push({ kind: 'import', resource, location });
      }
    }
    const objects = byKey.get('objects');
    if (objects !== undefined) {
      const list = this.deref(objects.value);
      if (list !== null && !isSeq(list)) {
        this.session.problem(
          'invalid-value',
          `objects must be a list`,
          this.location(list, objects.keyLocation),
        );
      } else {
        for (const item of this.sequence(list)) {
          if (item === null) continue;
          const definition = this.objectReader.object(item, objects.keyLocation, undefined);
          if (definition !== undefined && !this.session.inactive)
            this.items.push({ kind: 'object', definition, section });
        }
      }
    }
    const aliases = byKey.get('aliases');
    if (aliases !== undefined) {
      for (const item of this.sequence(aliases.value)) {
        const alias = this.alias(item, aliases.keyLocation);
        if (alias !== undefined && !this.session.inactive) this.items.push({ kind: 'alias', alias, section });
      }
    }
    const profiles = byKey.get('profiles');
    if (profiles !== undefined) {
      for (const profile of this.entries(profiles.value, profiles.keyLocation, 'profiles') ?? []) {
        this.session.withProfile(this.session.text(profile.key, profile.keyLocation), () => {
          this.section(profile.value, profile.keyLocation);
        });
      }
    }
  }

  /** `{alias: ledger, name: service}`, as XML's `<alias name="service" alias="ledger"/>`. */
  private alias(node: Node | null, fallback: SourceLocation): AliasDefinition | undefined {
    const location = this.location(this.deref(node), fallback);
    const entries = this.entries(node, fallback, 'an alias', ['alias', 'name']);
    if (entries === undefined) return undefined;
    const byKey = new Map(entries.map((entry) => [entry.key, entry]));
    const text = (key: string, objectId?: string): string | undefined => {
      const entry = byKey.get(key);
      if (entry === undefined) {
        this.session.problem('missing-attribute', `an alias needs a '${key}' key`, location, objectId);
        return undefined;
      }
      return this.scalarText(entry.value, entry.keyLocation, key, objectId);
    };
    const alias = text('alias');
    const name = text('name', alias);
    return name === undefined || alias === undefined ? undefined : { alias, name, location };
  }
}
