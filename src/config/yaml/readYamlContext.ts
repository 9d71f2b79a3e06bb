import type { Document, Node, Pair } from 'yaml';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

import type {
  ConstructorArgDefinition,
  ObjectDefinition,
  PropertyDefinition,
} from '../../definitions/ObjectDefinition.js';
import type { SourceLocation } from '../../definitions/SourceLocation.js';
import type { ValueDefinition } from '../../definitions/ValueDefinition.js';
import { buildObjectDefinition, OBJECT_SETTING_NAMES } from '../buildObjectDefinition.js';
import type { ContextFileItem } from '../ContextFileItem.js';
import type { ReaderSession } from '../ReaderSession.js';
import { splitIds } from '../ReaderSession.js';

const topKeys = ['objects', 'imports', 'profiles'];
const objectKeys = ['object', ...OBJECT_SETTING_NAMES, 'constructor-args', 'properties'];
const wrapperKeys = ['ref', 'list', 'set', 'dict', 'props'];
const integerSource = /^[-+]?(0x[0-9a-fA-F]+|0o[0-7]+|\d+)$/;

/**
 * Reads one YAML context file (Spring Python's keys, plus `imports`,
 * `profiles` and the wrappers that let YAML say all XML says) into items;
 * problems go to the session. Positions come from node ranges and a
 * `LineCounter`.
 */
export function readYamlContext(source: string, file: string, session: ReaderSession): ContextFileItem[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      session.problem('not-well-formed', `not well-formed YAML: ${error.message}`, at(error.pos[0]));
    }
    return [];
  }
  return new YamlContextReader(session, document, at).read();
}

/** A scalar's value as text (keys and ids may be YAML numbers or booleans). */
function scalarString(value: unknown): string {
  return typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint'
    ? String(value)
    : '';
}

/** A pair whose key is a plain scalar, with the key as text. */
interface Entry {
  readonly key: string;
  readonly keyLocation: SourceLocation;
  readonly value: Node | null;
}

class YamlContextReader {
  private readonly items: ContextFileItem[] = [];

  public constructor(
    private readonly session: ReaderSession,
    private readonly document: Document,
    private readonly at: (offset: number) => SourceLocation,
  ) {}

  public read(): ContextFileItem[] {
    const contents = this.document.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) return this.items;
    this.section(contents, this.at(0));
    return this.items;
  }

  private location(node: Node | null, fallback: SourceLocation): SourceLocation {
    const range = node?.range;
    return range === undefined || range === null ? fallback : this.at(range[0]);
  }

  /** Follows aliases (`*name`) to the node they stand for. */
  private deref(node: Node | null): Node | null {
    if (node !== null && isAlias(node)) return (node.resolve(this.document) as Node | undefined) ?? null;
    return node;
  }

  /** The entries of a mapping, checking keys against `allowed` (undefined: any key). */
  private entries(
    node: Node | null,
    fallback: SourceLocation,
    what: string,
    allowed?: readonly string[],
    objectId?: string,
  ): Entry[] | undefined {
    const map = this.deref(node);
    if (map === null || !isMap(map)) {
      this.session.problem(
        'invalid-value',
        `${what} must be a mapping`,
        this.location(map, fallback),
        objectId,
      );
      return undefined;
    }
    const result: Entry[] = [];
    for (const pair of map.items as Pair<Node | null, Node | null>[]) {
      const keyNode = this.deref(pair.key);
      const keyLocation = this.location(keyNode, fallback);
      if (
        keyNode === null ||
        !isScalar(keyNode) ||
        keyNode.value === null ||
        typeof keyNode.value === 'object'
      ) {
        this.session.problem('invalid-value', `keys in ${what} must be plain text`, keyLocation, objectId);
        continue;
      }
      const key = scalarString(keyNode.value);
      if (allowed !== undefined && !allowed.includes(key)) {
        this.session.unknown('key', key, allowed, keyLocation, objectId, ` in ${what}`);
        continue;
      }
      result.push({ key, keyLocation, value: pair.value });
    }
    return result;
  }

  /** A list, or a single value standing for a list of one. */
  private sequence(node: Node | null): (Node | null)[] {
    const seq = this.deref(node);
    if (seq !== null && isSeq(seq)) return seq.items as (Node | null)[];
    return [seq];
  }

  /** A scalar as text with placeholders expanded; anything else is a problem. */
  private scalarText(
    node: Node | null,
    fallback: SourceLocation,
    what: string,
    objectId?: string,
  ): string | undefined {
    const scalar = this.deref(node);
    const location = this.location(scalar, fallback);
    if (scalar === null || !isScalar(scalar) || scalar.value === null || typeof scalar.value === 'object') {
      this.session.problem('invalid-value', `${what} must be text`, location, objectId);
      return undefined;
    }
    const value = scalar.value;
    return typeof value === 'string' ? this.session.text(value, location, objectId) : scalarString(value);
  }

  /** Top level or a profile's body: `imports`, `objects`, `profiles`. */
  private section(node: Node | null, fallback: SourceLocation): void {
    const entries = this.entries(node, fallback, 'a context file', topKeys);
    if (entries === undefined) return;
    const section = this.session.nextSection();
    const byKey = new Map(entries.map((entry) => [entry.key, entry]));
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
          const definition = this.object(item, objects.keyLocation, undefined);
          if (definition !== undefined && !this.session.inactive)
            this.items.push({ kind: 'object', definition, section });
        }
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

  private object(
    node: Node,
    fallback: SourceLocation,
    holder: { id: string; topId: string } | undefined,
  ): ObjectDefinition | undefined {
    const map = this.deref(node);
    const location = this.location(map, fallback);
    const rawEntries = map !== null && isMap(map) ? (map.items as Pair<Node | null, Node | null>[]) : [];
    const idNode =
      rawEntries.find((pair) => isScalar(pair.key) && pair.key.value === 'object')?.value ?? null;
    const rawId =
      idNode !== null && isScalar(idNode) && idNode.value !== null ? scalarString(idNode.value) : undefined;
    const problemId = holder?.topId ?? rawId;
    const entries = this.entries(map, location, 'an object', objectKeys, problemId);
    if (entries === undefined) return undefined;
    const byKey = new Map(entries.map((entry) => [entry.key, entry]));
    const text = (key: string): string | undefined => {
      const entry = byKey.get(key);
      return entry === undefined
        ? undefined
        : this.scalarText(entry.value, entry.keyLocation, key, problemId);
    };
    const declaredId = rawId === undefined ? undefined : text('object');
    const id = declaredId ?? holder?.id;
    if (id === undefined || id === '') {
      this.session.problem('missing-attribute', `an object needs an 'object' key (its id)`, location);
      return undefined;
    }
    const topId = holder?.topId ?? id;
    const bool = (key: string): boolean | undefined => {
      const entry = byKey.get(key);
      if (entry === undefined) return undefined;
      const value = this.deref(entry.value);
      const raw =
        value !== null && isScalar(value) && typeof value.value === 'boolean' ? value.value : text(key);
      return raw === undefined
        ? undefined
        : this.session.boolean(raw, key, this.location(value, entry.keyLocation), topId);
    };
    const scopeEntry = byKey.get('scope');
    const scopeText = text('scope');
    const lazyInit = bool('lazy-init');
    const dependsOnEntry = byKey.get('depends-on');
    const dependsOn =
      dependsOnEntry === undefined
        ? []
        : this.sequence(dependsOnEntry.value).flatMap((item) =>
            splitIds(this.scalarText(item, dependsOnEntry.keyLocation, 'depends-on', topId) ?? ''),
          );
    const className = text('class');
    const parent = text('parent');
    const initMethod = text('init-method');
    const destroyMethod = text('destroy-method');
    const factoryMethod = text('factory-method');
    return buildObjectDefinition({
      id,
      className,
      scopeWritten: scopeEntry !== undefined,
      scope:
        scopeText === undefined || scopeEntry === undefined
          ? undefined
          : this.session.scope(scopeText, this.location(scopeEntry.value, scopeEntry.keyLocation), topId),
      lazyInit,
      abstract: bool('abstract'),
      parent,
      initMethod,
      destroyMethod,
      factoryMethod,
      dependsOn,
      constructorArgs: this.constructorArgs(byKey.get('constructor-args'), id, topId),
      properties: this.properties(byKey.get('properties'), id, topId),
      location,
    });
  }

  /** A list (by position) or a mapping (a whole-number key is an index, any other key a name). */
  private constructorArgs(
    entry: Entry | undefined,
    holderId: string,
    topId: string,
  ): ConstructorArgDefinition[] {
    if (entry === undefined) return [];
    const node = this.deref(entry.value);
    const args: ConstructorArgDefinition[] = [];
    if (node !== null && isSeq(node)) {
      (node.items as (Node | null)[]).forEach((item, position) => {
        const location = this.location(item, entry.keyLocation);
        const value = this.value(item, location, `${holderId}.arg${String(position)}`, topId);
        if (value !== undefined) args.push({ value, location });
      });
      return args;
    }
    for (const arg of this.entries(node, entry.keyLocation, 'constructor-args', undefined, topId) ?? []) {
      const index = /^\d+$/.test(arg.key) ? this.session.index(arg.key, arg.keyLocation, topId) : undefined;
      const slot = index === undefined ? arg.key : `arg${String(index)}`;
      const value = this.value(arg.value, arg.keyLocation, `${holderId}.${slot}`, topId);
      if (value === undefined) continue;
      args.push({
        ...(index === undefined ? { name: arg.key } : { index }),
        value,
        location: arg.keyLocation,
      });
    }
    return args;
  }

  private properties(entry: Entry | undefined, holderId: string, topId: string): PropertyDefinition[] {
    if (entry === undefined) return [];
    const properties: PropertyDefinition[] = [];
    for (const property of this.entries(entry.value, entry.keyLocation, 'properties', undefined, topId) ??
      []) {
      const value = this.value(property.value, property.keyLocation, `${holderId}.${property.key}`, topId);
      if (value !== undefined) properties.push({ name: property.key, value, location: property.keyLocation });
    }
    return properties;
  }

  /** Any value: scalar, list, plain mapping (a dict), or a wrapper (`ref`, `object`, `list`, `set`, `dict`, `props`, `value`+`type`). */
  private value(
    raw: Node | null,
    fallback: SourceLocation,
    path: string,
    topId: string,
  ): ValueDefinition | undefined {
    const node = this.deref(raw);
    const location = this.location(node, fallback);
    if (node === null || (isScalar(node) && node.value === null)) return { kind: 'null', location };
    if (isScalar(node)) {
      const value: unknown = node.value;
      if (typeof value === 'string')
        return { kind: 'literal', value: this.session.text(value, location, topId), location };
      if (typeof value === 'boolean') return { kind: 'literal', value, type: 'boolean', location };
      if (typeof value === 'number') {
        const int = Number.isInteger(value) && integerSource.test(node.source ?? String(value));
        return { kind: 'literal', value, type: int ? 'int' : 'double', location };
      }
      this.session.problem('invalid-value', `unsupported YAML value`, location, topId);
      return undefined;
    }
    if (isSeq(node))
      return {
        kind: 'list',
        items: this.list(node.items as (Node | null)[], location, path, topId),
        location,
      };
    if (!isMap(node)) return undefined;
    const entries = this.entries(node, location, 'a value', undefined, topId) ?? [];
    const keys = entries.map((entry) => entry.key);
    if (keys.includes('object')) {
      const definition = this.object(node, location, { id: path, topId });
      return definition === undefined ? undefined : { kind: 'object', definition, location };
    }
    const only = entries.length === 1 ? entries[0] : undefined;
    if (only !== undefined && wrapperKeys.includes(only.key))
      return this.wrapper(only, location, path, topId);
    if (keys.includes('value') && keys.every((key) => key === 'value' || key === 'type')) {
      const valueEntry = entries.find((entry) => entry.key === 'value');
      const typeEntry = entries.find((entry) => entry.key === 'type');
      const text =
        valueEntry === undefined
          ? undefined
          : this.scalarText(valueEntry.value, valueEntry.keyLocation, 'value', topId);
      const type =
        typeEntry === undefined
          ? undefined
          : this.scalarText(typeEntry.value, typeEntry.keyLocation, 'type', topId);
      return text === undefined ? undefined : this.session.literal(text, type, location, topId);
    }
    return this.dictEntries(entries, location, path, topId);
  }

  private wrapper(
    entry: Entry,
    location: SourceLocation,
    path: string,
    topId: string,
  ): ValueDefinition | undefined {
    switch (entry.key) {
      case 'ref': {
        const target = this.deref(entry.value);
        // Spring Python also wrote `ref: {object: id}`.
        const idNode =
          target !== null && isMap(target)
            ? (this.entries(target, location, 'a ref', ['object'], topId)?.[0]?.value ?? null)
            : target;
        const id = this.scalarText(idNode, location, 'ref', topId);
        return id === undefined ? undefined : { kind: 'ref', id, location: this.location(idNode, location) };
      }
      case 'list':
      case 'set':
        return {
          kind: entry.key,
          items: this.list(this.sequence(entry.value), location, path, topId),
          location,
        };
      case 'dict':
        return this.dictEntries(
          this.entries(entry.value, entry.keyLocation, 'dict', undefined, topId) ?? [],
          location,
          path,
          topId,
        );
      default: {
        const props: { key: string; value: string }[] = [];
        for (const prop of this.entries(entry.value, entry.keyLocation, 'props', undefined, topId) ?? []) {
          const value = this.scalarText(prop.value, prop.keyLocation, `prop '${prop.key}'`, topId);
          if (value !== undefined) props.push({ key: prop.key, value });
        }
        return { kind: 'props', entries: props, location };
      }
    }
  }

  private list(
    items: readonly (Node | null)[],
    fallback: SourceLocation,
    path: string,
    topId: string,
  ): ValueDefinition[] {
    const values: ValueDefinition[] = [];
    items.forEach((item, i) => {
      const value = this.value(item, fallback, `${path}[${String(i)}]`, topId);
      if (value !== undefined) values.push(value);
    });
    return values;
  }

  private dictEntries(
    entries: readonly Entry[],
    location: SourceLocation,
    path: string,
    topId: string,
  ): ValueDefinition {
    const result: { key: string; value: ValueDefinition }[] = [];
    for (const entry of entries) {
      const value = this.value(entry.value, entry.keyLocation, `${path}[${entry.key}]`, topId);
      if (value !== undefined) result.push({ key: entry.key, value });
    }
    return { kind: 'dict', entries: result, location };
  }
}
