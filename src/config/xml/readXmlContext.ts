import type { AliasDefinition } from '../../definitions/index.js';
import type { ContextFileItem } from '../ContextFileItem.js';
import type { ReaderSession } from '../ReaderSession.js';

import type { XmlElement } from './parseXml.js';
import { XmlElementReader } from './XmlElementReader.js';
import { XmlObjectReader } from './XmlObjectReader.js';

/** The namespaces a root may declare: Spindle's, and Spring Python's so the seed's files port as they are. */
export const XML_NAMESPACES = [
  'https://spindle.dev/schema/objects',
  'http://www.springframework.org/springpython/schema/objects',
  'http://www.springframework.org/springpython/schema/objects/1.1',
] as const;

/** Reads one context file's `<objects>` tree into items; problems go to the session. */
export function readXmlContext(root: XmlElement, session: ReaderSession): ContextFileItem[] {
  return new XmlContextReader(session).read(root);
}

/** The file level: the `<objects>` root and its groups, imports and top-level objects, in order. */
class XmlContextReader extends XmlElementReader {
  private readonly items: ContextFileItem[] = [];
  private readonly objectReader: XmlObjectReader;

  public constructor(session: ReaderSession) {
    super(session);
    this.objectReader = new XmlObjectReader(session);
  }

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

  /**
   * An `<objects>` group; one without `profile` shares its enclosing group's
   * section, so a duplicate there is still one. Its `default-autowire`
   * applies to the objects inside it, nested groups included (Spring's rule).
   */
  private objects(element: XmlElement, enclosing?: number): void {
    const attributes = this.attributes(element, ['profile', 'default-autowire']);
    const profile = attributes.get('profile');
    const defaultAutowire = attributes.get('default-autowire');
    const outerDefault = this.objectReader.defaultAutowire;
    const read = (): void => {
      const section =
        profile === undefined && enclosing !== undefined ? enclosing : this.session.nextSection();
      for (const child of element.children) {
        if (child.name === 'object') {
          const definition = this.objectReader.object(child, undefined);
          if (!this.session.inactive && definition !== undefined)
            this.items.push({ kind: 'object', definition, section });
        } else if (child.name === 'import') {
          const resource = this.required(child, this.attributes(child, ['resource']), 'resource');
          if (!this.session.inactive && resource !== undefined) {
            this.items.push({ kind: 'import', resource: resource.value, location: resource.location });
          }
        } else if (child.name === 'alias') {
          const alias = this.alias(child);
          if (!this.session.inactive && alias !== undefined)
            this.items.push({ kind: 'alias', alias, section });
        } else if (child.name === 'objects') this.objects(child, section);
        else if (child.name !== 'description') {
          this.session.unknown(
            'element',
            child.name,
            ['object', 'alias', 'import', 'objects', 'description'],
            child.location,
            undefined,
            ` in <objects>`,
          );
        }
      }
    };
    if (defaultAutowire !== undefined) {
      this.objectReader.defaultAutowire =
        this.session.autowire(defaultAutowire.value, defaultAutowire.location) ?? outerDefault;
    }
    try {
      if (profile === undefined) read();
      else this.session.withProfile(profile.value, read);
    } finally {
      this.objectReader.defaultAutowire = outerDefault;
    }
  }

  /** `<alias name="service" alias="ledger"/>`. */
  private alias(element: XmlElement): AliasDefinition | undefined {
    const attributes = this.attributes(element, ['name', 'alias']);
    const alias = this.required(element, attributes, 'alias', attributes.get('name')?.value);
    const name = this.required(element, attributes, 'name', alias?.value);
    this.noChildren(element, alias?.value ?? name?.value ?? 'alias');
    if (name === undefined || alias === undefined) return undefined;
    return { alias: alias.value, name: name.value, location: element.location };
  }
}
