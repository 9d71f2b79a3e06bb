import xml2js from 'xml2js';

import type { SourceLocation } from '../../definitions/index.js';
import { TextPositions } from '../TextPositions.js';

/** An attribute with where its name starts. */
export interface XmlAttribute {
  readonly name: string;
  readonly value: string;
  readonly location: SourceLocation;
}

/** An element with positions: what xml2js gives, plus line and column of every element and attribute. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  /** The element's own text (CDATA included), exactly as written. */
  readonly text: string;
  /** Where `<` of the start tag is. */
  readonly location: SourceLocation;
}

/** Either the root element or why the text is not well-formed XML. */
/** Either the root element or why the text was refused (`limit`: a bound of `ContextLimits`, not a syntax error). */
export type ParsedXml =
  | { readonly root: XmlElement }
  | { readonly error: string; readonly location: SourceLocation; readonly limit?: boolean };

interface RawElement {
  readonly '#name'?: string;
  readonly $?: Readonly<Record<string, string>>;
  readonly _?: string;
  readonly $$?: readonly RawElement[];
}

interface TagSpan {
  readonly start: number;
  readonly end: number;
}

const attributePattern = /([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/g;

/** Thrown from inside sax to stop a document nested deeper than the limit. */
class TooDeep extends Error {
  public constructor(public readonly offset: number) {
    super('too deep');
  }
}

/**
 * Parses a context file with xml2js. xml2js gives no positions, so its sax
 * parser's `onopentag` is wrapped to record where each start tag begins and
 * ends; start tags arrive in document order, the same order as a pre-order
 * walk of xml2js's ordered children, which pairs each element with its span.
 * Attribute positions come from scanning the start tag's own text.
 *
 * The same wrapper counts open elements and stops the parse at the first one
 * deeper than `maxDepth`, so no later walk of the tree (here or in the
 * readers) can run out of stack.
 */
export async function parseXml(source: string, file: string, maxDepth: number): Promise<ParsedXml> {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const positions = new TextPositions(text, file);
  const spans: TagSpan[] = [];
  const parser = new xml2js.Parser({
    explicitChildren: true,
    preserveChildrenOrder: true,
    explicitRoot: true,
    trim: false,
    normalize: false,
  });
  const sax = (parser as unknown as { saxParser: SaxParser }).saxParser;
  const open = sax.onopentag;
  const close = sax.onclosetag;
  let depth = 0;
  sax.onopentag = function (this: SaxParser, node: unknown) {
    depth += 1;
    if (depth > maxDepth) throw new TooDeep(sax.startTagPosition - 1);
    spans.push({ start: sax.startTagPosition - 1, end: sax.position });
    open.call(this, node);
  };
  sax.onclosetag = function (this: SaxParser, name: unknown) {
    depth -= 1;
    close.call(this, name);
  };
  let result: unknown;
  try {
    result = await parser.parseStringPromise(text);
  } catch (error) {
    if (error instanceof TooDeep) {
      return {
        error: `elements nested deeper than ${String(maxDepth)} levels (the limit; see maxDepth in docs/context-files.md)`,
        location: positions.at(error.offset),
        limit: true,
      };
    }
    // sax puts its (0-based line, 1-based column) position into the message; the parser itself is reset by then.
    const text = error instanceof Error ? error.message : String(error);
    const position = /Line: (\d+)\s+Column: (\d+)/.exec(text);
    const line = position === null ? 1 : Number(position[1]) + 1;
    const column = position === null ? 1 : Math.max(1, Number(position[2]));
    return { error: `not well-formed XML: ${text.split('\n')[0] ?? text}`, location: { file, line, column } };
  }
  // Empty, blank, declaration-only or comment-only text: xml2js gives null, not an error.
  const rootName = result === null || typeof result !== 'object' ? undefined : Object.keys(result)[0];
  const raw = rootName === undefined ? undefined : (result as Record<string, RawElement | string>)[rootName];
  if (rootName === undefined || raw === undefined) {
    return {
      error: 'not well-formed XML: no root element (a context file holds one <objects> element)',
      location: positions.at(text.length),
    };
  }
  let next = 0;
  const build = (element: RawElement | string, name: string): XmlElement => {
    const span = spans[next] ?? { start: 0, end: 0 };
    next += 1;
    const node: RawElement = typeof element === 'string' ? { _: element } : element;
    const tag = text.slice(span.start, span.end);
    const attributes: XmlAttribute[] = [];
    const values = node.$ ?? {};
    for (const match of tag.matchAll(attributePattern)) {
      const attributeName = match[1] ?? '';
      const value = values[attributeName];
      if (value !== undefined) {
        attributes.push({
          name: attributeName,
          value,
          location: positions.at(span.start + match.index),
        });
      }
    }
    const children = (node.$$ ?? []).map((child) => build(child, child['#name'] ?? ''));
    return { name, attributes, children, text: node._ ?? '', location: positions.at(span.start) };
  };
  return { root: build(raw, rootName) };
}

/** The part of sax's parser xml2js exposes and this file uses. */
interface SaxParser {
  onopentag: (this: SaxParser, node: unknown) => void;
  onclosetag: (this: SaxParser, name: unknown) => void;
  startTagPosition: number;
  position: number;
}
