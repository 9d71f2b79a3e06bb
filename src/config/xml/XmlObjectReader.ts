import type {
  AutowireMode,
  ConstructorArgDefinition,
  ObjectDefinition,
  PropertyDefinition,
} from '../../definitions/index.js';
import { buildObjectDefinition, OBJECT_SETTING_NAMES } from '../buildObjectDefinition.js';
import type { ReaderSession } from '../ReaderSession.js';
import { splitIds } from '../ReaderSession.js';

import type { XmlElement } from './parseXml.js';
import { XmlElementReader } from './XmlElementReader.js';
import { XmlValueReader } from './XmlValueReader.js';

const objectAttributes = ['id', ...OBJECT_SETTING_NAMES];

/** Reads `<object>` elements (top-level or inner) into definitions, with their arguments and properties. */
export class XmlObjectReader extends XmlElementReader {
  private readonly values: XmlValueReader;
  /** The enclosing `<objects default-autowire>`, set by the file reader for each group. */
  public defaultAutowire: AutowireMode | 'no' | undefined;

  public constructor(session: ReaderSession) {
    super(session);
    this.values = new XmlValueReader(session, (element, holder) => this.object(element, holder));
  }

  /** An `<object>`; `holder` is set for an inner object (its generated id and the top-level id for problems). */
  public object(
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
    const autowire = attributes.get('autowire');
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
      factoryBean: text('factory-bean'),
      autowire:
        autowire === undefined ? undefined : this.session.autowire(autowire.value, autowire.location, topId),
      defaultAutowire: this.defaultAutowire,
      primary: bool('primary', 'primary'),
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
    const value = this.values.slotValue(element, attributes, `${holderId}.${slot}`, topId);
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
    const value = this.values.slotValue(element, attributes, `${holderId}.${name.value}`, topId);
    return value === undefined ? undefined : { name: name.value, value, location: element.location };
  }
}
