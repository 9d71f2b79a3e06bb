import type { ReaderSession } from '../ReaderSession.js';

import type { XmlAttribute, XmlElement } from './parseXml.js';

/** `xmlns`, `xmlns:*` and `xsi:*` attributes are allowed on any element: editors put them there. */
function isNamespaceAttribute(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xsi:');
}

/**
 * What every part of the XML context reader does to an element: check its
 * attributes and children against what it may hold, telling the session of
 * the rest.
 */
export abstract class XmlElementReader {
  protected constructor(protected readonly session: ReaderSession) {}

  /** Attributes by name after checking that each is allowed; placeholders expanded. */
  protected attributes(
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

  protected required(
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

  protected noChildren(element: XmlElement, topId: string): void {
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
