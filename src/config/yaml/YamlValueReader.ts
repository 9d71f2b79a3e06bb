import type { Document, Node } from 'yaml';
import { isMap, isScalar, isSeq } from 'yaml';

import type { ObjectDefinition, SourceLocation, ValueDefinition } from '../../definitions/index.js';
import type { ReaderSession } from '../ReaderSession.js';

import type { Entry } from './YamlNodeReader.js';
import { YamlNodeReader } from './YamlNodeReader.js';

/** Reads an inner object (a value mapping with an `object` key); `holder` gives its generated id and the top-level id for problems. */
export type InnerObjectReader = (
  node: Node,
  fallback: SourceLocation,
  holder: { id: string; topId: string },
) => ObjectDefinition | undefined;

const wrapperKeys = ['ref', 'list', 'set', 'dict', 'props'];
const integerSource = /^[-+]?(0x[0-9a-fA-F]+|0o[0-7]+|\d+)$/;

/**
 * Reads the values of a YAML context: scalars, lists, plain mappings (dicts)
 * and the wrappers (`ref`, `list`, `set`, `dict`, `props`, `value`+`type`);
 * an inner object goes back to the object reader.
 */
export class YamlValueReader extends YamlNodeReader {
  public constructor(
    session: ReaderSession,
    document: Document,
    at: (offset: number) => SourceLocation,
    private readonly innerObject: InnerObjectReader,
  ) {
    super(session, document, at);
  }

  /** Any value: scalar, list, plain mapping (a dict), or a wrapper (`ref`, `object`, `list`, `set`, `dict`, `props`, `value`+`type`). */
  public value(
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
      const definition = this.innerObject(node, location, { id: path, topId });
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
