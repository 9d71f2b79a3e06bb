import type { Document, Node, Pair } from 'yaml';
import { isMap, isScalar, isSeq } from 'yaml';

import type {
  AutowireMode,
  ConstructorArgDefinition,
  ObjectDefinition,
  PropertyDefinition,
  SourceLocation,
} from '../../definitions/index.js';
import { buildObjectDefinition, OBJECT_SETTING_NAMES } from '../buildObjectDefinition.js';
import type { ReaderSession } from '../ReaderSession.js';
import { splitIds } from '../ReaderSession.js';

import type { Entry } from './YamlNodeReader.js';
import { scalarString, YamlNodeReader } from './YamlNodeReader.js';
import { YamlValueReader } from './YamlValueReader.js';

const objectKeys = ['object', ...OBJECT_SETTING_NAMES, 'constructor-args', 'properties'];

/** Reads object mappings (top-level or inner) into definitions, with their arguments and properties. */
export class YamlObjectReader extends YamlNodeReader {
  private readonly values: YamlValueReader;
  /** The section's `default-autowire`, set by the file reader for each section. */
  public defaultAutowire: AutowireMode | 'no' | undefined;

  public constructor(session: ReaderSession, document: Document, at: (offset: number) => SourceLocation) {
    super(session, document, at);
    this.values = new YamlValueReader(session, document, at, (node, fallback, holder) =>
      this.object(node, fallback, holder),
    );
  }

  public object(
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
    const autowireEntry = byKey.get('autowire');
    const autowireText = text('autowire');
    const autowire =
      autowireEntry === undefined || autowireText === undefined
        ? undefined
        : this.session.autowire(
            autowireText,
            this.location(autowireEntry.value, autowireEntry.keyLocation),
            topId,
          );
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
      factoryBean: text('factory-bean'),
      autowire,
      defaultAutowire: this.defaultAutowire,
      primary: bool('primary'),
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
        const value = this.values.value(item, location, `${holderId}.arg${String(position)}`, topId);
        if (value !== undefined) args.push({ value, location });
      });
      return args;
    }
    for (const arg of this.entries(node, entry.keyLocation, 'constructor-args', undefined, topId) ?? []) {
      const index = /^\d+$/.test(arg.key) ? this.session.index(arg.key, arg.keyLocation, topId) : undefined;
      const slot = index === undefined ? arg.key : `arg${String(index)}`;
      const value = this.values.value(arg.value, arg.keyLocation, `${holderId}.${slot}`, topId);
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
      const value = this.values.value(
        property.value,
        property.keyLocation,
        `${holderId}.${property.key}`,
        topId,
      );
      if (value !== undefined) properties.push({ name: property.key, value, location: property.keyLocation });
    }
    return properties;
  }
}
