import xml2js from 'xml2js';

import type { SourceLocation } from '../../definitions/SourceLocation.js';

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
export type ParsedXml =
  { readonly root: XmlElement } | { readonly error: string; readonly location: SourceLocation };

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

/** Offsets of line starts, to turn a character offset into line and column. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function locate(file: string, starts: readonly number[], offset: number): SourceLocation {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { file, line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
}

const attributePattern = /([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')/g;

/**
 * Parses a context file with xml2js. xml2js gives no positions, so its sax
 * parser's `onopentag` is wrapped to record where each start tag begins and
 * ends; start tags arrive in document order, the same order as a pre-order
 * walk of xml2js's ordered children, which pairs each element with its span.
 * Attribute positions come from scanning the start tag's own text.
 */
export async function parseXml(source: string, file: string): Promise<ParsedXml> {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const starts = lineStarts(text);
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
  sax.onopentag = function (this: SaxParser, node: unknown) {
    spans.push({ start: sax.startTagPosition - 1, end: sax.position });
    open.call(this, node);
  };
  let result: unknown;
  try {
    result = await parser.parseStringPromise(text);
  } catch (error) {
    // sax puts its (0-based line, 1-based column) position into the message; the parser itself is reset by then.
    const text = error instanceof Error ? error.message : String(error);
    const position = /Line: (\d+)\s+Column: (\d+)/.exec(text);
    const line = position === null ? 1 : Number(position[1]) + 1;
    const column = position === null ? 1 : Math.max(1, Number(position[2]));
    return { error: `not well-formed XML: ${text.split('\n')[0] ?? text}`, location: { file, line, column } };
  }
  const rootName = Object.keys(result as object)[0];
  const raw = rootName === undefined ? undefined : (result as Record<string, RawElement | string>)[rootName];
  if (rootName === undefined || raw === undefined) {
    return { error: 'not well-formed XML: no root element', location: { file, line: 1, column: 1 } };
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
          location: locate(file, starts, span.start + match.index),
        });
      }
    }
    const children = (node.$$ ?? []).map((child) => build(child, child['#name'] ?? ''));
    return { name, attributes, children, text: node._ ?? '', location: locate(file, starts, span.start) };
  };
  return { root: build(raw, rootName) };
}

/** The part of sax's parser xml2js exposes and this file uses. */
interface SaxParser {
  onopentag: (this: SaxParser, node: unknown) => void;
  startTagPosition: number;
  position: number;
}
