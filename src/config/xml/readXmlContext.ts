import type {
  ConstructorArgDefinition,
  ObjectDefinition,
  PropertyDefinition,
} from '../../definitions/ObjectDefinition.js';
import type { ValueDefinition } from '../../definitions/ValueDefinition.js';
import { buildObjectDefinition, OBJECT_SETTING_NAMES } from '../buildObjectDefinition.js';
import type { ContextFileItem } from '../ContextFileItem.js';
import type { ReaderSession } from '../ReaderSession.js';
import { splitIds } from '../ReaderSession.js';

import type { XmlAttribute, XmlElement } from './parseXml.js';

/** The namespaces a root may declare: Spindle's, and Spring Python's so the seed's files port as they are. */
export const XML_NAMESPACES = [
  'https://spindle.dev/schema/objects',
  'http://www.springframework.org/springpython/schema/objects',
  'http://www.springframework.org/springpython/schema/objects/1.1',
] as const;

const valueElements = ['value', 'ref', 'object', 'list', 'set', 'dict', 'props', 'null'];
const objectAttributes = ['id', ...OBJECT_SETTING_NAMES];

/** `xmlns`, `xmlns:*` and `xsi:*` attributes are allowed on any element: editors put them there. */
function isNamespaceAttribute(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xsi:');
}

/** Reads one context file's `<objects>` tree into items; problems go to the session. */
export function readXmlContext(root: XmlElement, session: ReaderSession): ContextFileItem[] {
  return new XmlContextReader(session).read(root);
}

class XmlContextReader {
  private readonly items: ContextFileItem[] = [];

  public constructor(private readonly session: ReaderSession) {}

  public read(root: XmlElement): ContextFileItem[] {
    if (root.name !== 'objects') {
      this.session.unknown(
        'element',
        root.name,
        ['objects'],
        root.location,
        undefined,
        ' as root (expected <objects>)',
      );
      return this.items;
    }
    const xmlns = root.attributes.find((a) => a.name === 'xmlns');
    if (xmlns !== undefined && !(XML_NAMESPACES as readonly string[]).includes(xmlns.value)) {
      this.session.problem(
        'invalid-value',
        `unknown namespace '${xmlns.value}' (expected '${XML_NAMESPACES[0]}')`,
        xmlns.location,
      );
    }
    this.objects(root);
    return this.items;
  }

  /** Attributes by name after checking that each is allowed; placeholders expanded. */
  private attributes(
    element: XmlElement,
    allowed: readonly string[],
    objectId?: string,
  ): Map<string, XmlAttribute> {
    const result = new Map<string, XmlAttribute>();
    for (const attribute of element.attributes) {
      if (isNamespaceAttribute(attribute.name)) continue;
      if (!allowed.includes(attribute.name)) {
        this.session.unknown(
          'attribute',
          attribute.name,
          allowed,
          attribute.location,
          objectId,
          ` on <${element.name}>`,
        );
        continue;
      }
      result.set(attribute.name, {
        ...attribute,
        value: this.session.text(attribute.value, attribute.location, objectId),
      });
    }
    return result;
  }

  private required(
    element: XmlElement,
    attributes: Map<string, XmlAttribute>,
    name: string,
    objectId?: string,
  ): XmlAttribute | undefined {
    const attribute = attributes.get(name);
    if (attribute === undefined) {
      this.session.problem(
        'missing-attribute',
        `<${element.name}> needs a '${name}' attribute`,
        element.location,
        objectId,
      );
    }
    return attribute;
  }

  /** An `<objects>` group; one without `profile` shares its enclosing group's section, so a duplicate there is still one. */
  private objects(element: XmlElement, enclosing?: number): void {
    const attributes = this.attributes(element, ['profile']);
    const profile = attributes.get('profile');
    const read = (): void => {
      const section =
        profile === undefined && enclosing !== undefined ? enclosing : this.session.nextSection();
      for (const child of element.children) {
        if (child.name === 'object') {
          const definition = this.object(child, undefined);
          if (!this.session.inactive && definition !== undefined)
            this.items.push({ kind: 'object', definition, section });
        } else if (child.name === 'import') {
          const resource = this.required(child, this.attributes(child, ['resource']), 'resource');
          if (!this.session.inactive && resource !== undefined) {
            this.items.push({ kind: 'import', resource: resource.value, location: resource.location });
          }
        } else if (child.name === 'objects') this.objects(child, section);
        else if (child.name !== 'description') {
          this.session.unknown(
            'element',
            child.name,
            ['object', 'import', 'objects', 'description'],
            child.location,
            undefined,
            ` in <objects>`,
          );
        }
      }
    };
    if (profile === undefined) read();
    else this.session.withProfile(profile.value, read);
  }

  /** An `<object>`; `holder` is set for an inner object (its generated id and the top-level id for problems). */
  private object(
    element: XmlElement,
    holder: { id: string; topId: string } | undefined,
  ): ObjectDefinition | undefined {
    const rawId = element.attributes.find((a) => a.name === 'id')?.value;
    const problemId = holder?.topId ?? rawId;
    const attributes = this.attributes(element, objectAttributes, problemId);
    const idAttribute = attributes.get('id');
    const id = idAttribute?.value ?? holder?.id;
    if (id === undefined || id === '') {
      this.session.problem('missing-attribute', `<object> needs an 'id' attribute`, element.location);
      return undefined;
    }
    const topId = holder?.topId ?? id;
    const text = (name: string): string | undefined => attributes.get(name)?.value;
    const bool = (name: string, label: string): boolean | undefined => {
      const attribute = attributes.get(name);
      return attribute === undefined
        ? undefined
        : this.session.boolean(attribute.value, label, attribute.location, topId);
    };
    const scopeAttribute = attributes.get('scope');
    const lazyInit = bool('lazy-init', 'lazy-init');
    const constructorArgs: ConstructorArgDefinition[] = [];
    const properties: PropertyDefinition[] = [];
    for (const child of element.children) {
      if (child.name === 'constructor-arg') {
        const arg = this.constructorArg(child, id, topId, constructorArgs.length);
        if (arg !== undefined) constructorArgs.push(arg);
      } else if (child.name === 'property') {
        const property = this.property(child, id, topId);
        if (property !== undefined) properties.push(property);
      } else if (child.name !== 'description') {
        this.session.unknown(
          'element',
          child.name,
          ['constructor-arg', 'property', 'description'],
          child.location,
          topId,
          ' in <object>',
        );
      }
    }
    const dependsOn = text('depends-on');
    return buildObjectDefinition({
      id,
      className: text('class'),
      scopeWritten: scopeAttribute !== undefined,
      scope:
        scopeAttribute === undefined
          ? undefined
          : this.session.scope(scopeAttribute.value, scopeAttribute.location, topId),
      lazyInit,
      abstract: bool('abstract', 'abstract'),
      parent: text('parent'),
      initMethod: text('init-method'),
      destroyMethod: text('destroy-method'),
      factoryMethod: text('factory-method'),
      dependsOn: dependsOn === undefined ? [] : splitIds(dependsOn),
      constructorArgs,
      properties,
      location: element.location,
    });
  }

  private constructorArg(
    element: XmlElement,
    holderId: string,
    topId: string,
    position: number,
  ): ConstructorArgDefinition | undefined {
    const attributes = this.attributes(element, ['name', 'index', 'value', 'ref', 'type'], topId);
    const name = attributes.get('name')?.value;
    const indexAttribute = attributes.get('index');
    const index =
      indexAttribute === undefined
        ? undefined
        : this.session.index(indexAttribute.value, indexAttribute.location, topId);
    const slot = name ?? `arg${String(index ?? position)}`;
    const value = this.slotValue(element, attributes, `${holderId}.${slot}`, topId);
    if (value === undefined) return undefined;
    return {
      ...(index === undefined ? {} : { index }),
      ...(name === undefined ? {} : { name }),
      value,
      location: element.location,
    };
  }

  private property(element: XmlElement, holderId: string, topId: string): PropertyDefinition | undefined {
    const attributes = this.attributes(element, ['name', 'value', 'ref', 'type'], topId);
    const name = this.required(element, attributes, 'name', topId);
    if (name === undefined) return undefined;
    const value = this.slotValue(element, attributes, `${holderId}.${name.value}`, topId);
    return value === undefined ? undefined : { name: name.value, value, location: element.location };
  }

  /** The value of a `<property>`, `<constructor-arg>` or `<entry>`: `value`/`ref` attribute or one nested value element. */
  private slotValue(
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
        const definition = this.object(element, { id: path, topId });
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

  private noChildren(element: XmlElement, topId: string): void {
    for (const child of element.children) {
      this.session.unknown(
        'element',
        child.name,
        [],
        child.location,
        topId,
        ` in <${element.name}> (it holds text only)`,
      );
    }
  }
}
