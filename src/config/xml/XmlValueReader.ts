import type { ObjectDefinition, ValueDefinition } from '../../definitions/index.js';
import type { ReaderSession } from '../ReaderSession.js';

import type { XmlAttribute, XmlElement } from './parseXml.js';
import { XmlElementReader } from './XmlElementReader.js';

/** Reads an inner `<object>`: `holder` gives its generated id and the top-level id for problems. */
export type InnerObjectReader = (
  element: XmlElement,
  holder: { id: string; topId: string },
) => ObjectDefinition | undefined;

const valueElements = ['value', 'ref', 'object', 'list', 'set', 'dict', 'props', 'null'];

/**
 * Reads the values of an XML context: a slot's `value`/`ref` attribute or
 * nested value element, and the value elements themselves (`<value>`,
 * `<ref>`, `<list>`, `<set>`, `<dict>` with its entries, `<props>`,
 * `<null/>`); an inner `<object>` goes back to the object reader.
 */
export class XmlValueReader extends XmlElementReader {
  public constructor(
    session: ReaderSession,
    private readonly innerObject: InnerObjectReader,
  ) {
    super(session);
  }

  /** The value of a `<property>`, `<constructor-arg>` or `<entry>`: `value`/`ref` attribute or one nested value element. */
  public slotValue(
    element: XmlElement,
    attributes: Map<string, XmlAttribute>,
    path: string,
    topId: string,
  ): ValueDefinition | undefined {
    const given = [attributes.get('value'), attributes.get('ref')].filter((a) => a !== undefined);
    const nested = element.children.filter((child) => child.name !== 'description');
    const type = attributes.get('type');
    if (given.length + nested.length !== 1) {
      const message =
        given.length + nested.length === 0
          ? `<${element.name}> needs a value: a 'value' or 'ref' attribute, or one nested value element`
          : `<${element.name}> has more than one value: give only one of 'value', 'ref' or a nested value element`;
      this.session.problem('invalid-value', message, element.location, topId);
      return undefined;
    }
    const attribute = given[0];
    if (attribute?.name === 'value')
      return this.session.literal(attribute.value, type?.value, attribute.location, topId);
    if (type !== undefined) {
      this.session.problem(
        'invalid-value',
        `'type' applies only to a 'value' attribute`,
        type.location,
        topId,
      );
    }
    if (attribute !== undefined) return { kind: 'ref', id: attribute.value, location: attribute.location };
    const child = nested[0];
    return child === undefined ? undefined : this.value(child, path, topId);
  }

  /** A value element: `<value>`, `<ref>`, inner `<object>`, `<list>`, `<set>`, `<dict>`, `<props>`, `<null/>`. */
  private value(element: XmlElement, path: string, topId: string): ValueDefinition | undefined {
    const location = element.location;
    switch (element.name) {
      case 'value': {
        const type = this.attributes(element, ['type'], topId).get('type');
        this.noChildren(element, topId);
        return this.session.literal(
          this.session.text(element.text, location, topId),
          type?.value,
          location,
          topId,
        );
      }
      case 'ref': {
        const target = this.required(element, this.attributes(element, ['object'], topId), 'object', topId);
        this.noChildren(element, topId);
        return target === undefined
          ? undefined
          : { kind: 'ref', id: target.value, location: target.location };
      }
      case 'object': {
        const definition = this.innerObject(element, { id: path, topId });
        return definition === undefined ? undefined : { kind: 'object', definition, location };
      }
      case 'list':
      case 'set': {
        this.attributes(element, [], topId);
        const items = this.valueItems(element, path, topId);
        return { kind: element.name, items, location };
      }
      case 'dict':
        return this.dict(element, path, topId);
      case 'props':
        return this.props(element, topId);
      case 'null':
        this.attributes(element, [], topId);
        this.noChildren(element, topId);
        return { kind: 'null', location };
      default:
        this.session.unknown('element', element.name, valueElements, location, topId, ' as a value');
        return undefined;
    }
  }

  private valueItems(element: XmlElement, path: string, topId: string): ValueDefinition[] {
    const items: ValueDefinition[] = [];
    for (const child of element.children) {
      const item = this.value(child, `${path}[${String(items.length)}]`, topId);
      if (item !== undefined) items.push(item);
    }
    return items;
  }

  private dict(element: XmlElement, path: string, topId: string): ValueDefinition {
    this.attributes(element, [], topId);
    const entries: { key: string; value: ValueDefinition }[] = [];
    for (const child of element.children) {
      if (child.name !== 'entry') {
        this.session.unknown('element', child.name, ['entry'], child.location, topId, ' in <dict>');
        continue;
      }
      const attributes = this.attributes(child, ['key', 'value', 'ref', 'type'], topId);
      const keyElements = child.children.filter((c) => c.name === 'key');
      const key = this.entryKey(child, attributes.get('key'), keyElements, topId);
      // The value is read from the entry without its <key>, so Spring Python's form reads like `key="…"`.
      const slot = { ...child, children: child.children.filter((c) => c.name !== 'key') };
      const value = this.slotValue(slot, attributes, `${path}[${key ?? ''}]`, topId);
      if (key !== undefined && value !== undefined) entries.push({ key, value });
    }
    return { kind: 'dict', entries, location: element.location };
  }

  /**
   * An entry's key: the `key` attribute, or Spring Python's `<key><value>k</value></key>`.
   * Exactly one of the two; a `<key>` holds one `<value>` with text, since dict keys are strings.
   */
  private entryKey(
    entry: XmlElement,
    attribute: XmlAttribute | undefined,
    keyElements: readonly XmlElement[],
    topId: string,
  ): string | undefined {
    const [first, second] = keyElements;
    if (first === undefined) {
      if (attribute === undefined) {
        this.session.problem(
          'missing-attribute',
          `<entry> needs a 'key' attribute or a <key><value>…</value></key> element`,
          entry.location,
          topId,
        );
      }
      return attribute?.value;
    }
    if (attribute !== undefined) {
      this.session.problem(
        'invalid-value',
        `<entry> has both a 'key' attribute and a <key> element: give only one`,
        attribute.location,
        topId,
      );
      return undefined;
    }
    if (second !== undefined) {
      this.session.problem('invalid-value', `<entry> has more than one <key>`, second.location, topId);
      return undefined;
    }
    this.attributes(first, [], topId);
    const [value, extra] = first.children;
    if (value?.name !== 'value' || extra !== undefined) {
      const found = value === undefined ? 'nothing' : first.children.map((c) => `<${c.name}>`).join(', ');
      this.session.problem(
        'invalid-value',
        `<key> must hold one <value> with the key's text (dict keys are strings), not ${found}`,
        (value ?? first).location,
        topId,
      );
      return undefined;
    }
    this.attributes(value, [], topId);
    this.noChildren(value, topId);
    return this.session.text(value.text, value.location, topId);
  }

  private props(element: XmlElement, topId: string): ValueDefinition {
    this.attributes(element, [], topId);
    const entries: { key: string; value: string }[] = [];
    for (const child of element.children) {
      if (child.name !== 'prop') {
        this.session.unknown('element', child.name, ['prop'], child.location, topId, ' in <props>');
        continue;
      }
      const key = this.required(child, this.attributes(child, ['key'], topId), 'key', topId);
      this.noChildren(child, topId);
      if (key !== undefined)
        entries.push({ key: key.value, value: this.session.text(child.text, child.location, topId) });
    }
    return { kind: 'props', entries, location: element.location };
  }
}
