import type { CST, Document, Node } from 'yaml';
import { Composer, isAlias, isMap, isPair, isSeq, Lexer, LineCounter, Parser } from 'yaml';

import type { ContextProblemCode, SourceLocation } from '../../definitions/index.js';
import type { ContextLimits } from '../ContextLimits.js';

/** A problem found while parsing, before any reading. */
interface YamlParseProblem {
  readonly code: ContextProblemCode;
  readonly message: string;
  readonly location: SourceLocation;
}

/** The document with a way to locate offsets, or why it was refused. */
export type ParsedYaml =
  | { readonly document: Document; readonly at: (offset: number) => SourceLocation }
  | { readonly problems: readonly YamlParseProblem[] };

/** Stops the parse or the measuring walk at the first bound crossed. */
class LimitCrossed extends Error {
  public constructor(
    public readonly offset: number,
    public readonly why: string,
    public readonly code: ContextProblemCode = 'limit-exceeded',
  ) {
    super(why);
  }
}

/** The parser's stack holds the document and, at most, a scalar besides one entry per open collection. */
const STACK_ENTRIES_BESIDES_COLLECTIONS = 2;

/**
 * Parses one YAML document with the `yaml` package, within `limits`:
 *
 * - nesting: the CST parser (iterative) is fed token by token and stopped as
 *   soon as its stack is deeper than `maxDepth` collections, before the
 *   composer (recursive) could overflow the call stack;
 * - aliases: the composed document is measured once, each anchored node's
 *   expanded size and depth computed once and reused by its aliases, so an
 *   alias or merge-key bomb is refused at the alias where the added nodes pass
 *   `maxAliasNodes` (or the expanded depth passes `maxDepth`) without being
 *   expanded; an alias inside the node it names (`&a [*a]`) is refused too.
 *
 * The `yaml` package's own `maxAliasCount` guards only `toJS()`, which the
 * readers do not use: they walk the nodes, following aliases themselves.
 */
export function parseYaml(text: string, file: string, limits: ContextLimits): ParsedYaml {
  const lineCounter = new LineCounter();
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const parser = new Parser(lineCounter.addNewLine);
  function* tokens(): Generator<CST.Token> {
    lineCounter.addNewLine(0);
    for (const lexeme of new Lexer().lex(text)) {
      yield* parser.next(lexeme);
      if (parser.stack.length > limits.maxDepth + STACK_ENTRIES_BESIDES_COLLECTIONS) {
        throw new LimitCrossed(parser.offset, tooDeep(limits.maxDepth));
      }
    }
    yield* parser.end();
  }
  let document: Document | undefined;
  try {
    for (const composed of new Composer({ uniqueKeys: true }).compose(tokens(), true, text.length)) {
      if (document !== undefined) {
        return {
          problems: [
            {
              code: 'not-well-formed',
              message: 'not well-formed YAML: more than one document (a context file holds one)',
              location: at(composed.range[0]),
            },
          ],
        };
      }
      document = composed;
    }
  } catch (error) {
    if (!(error instanceof LimitCrossed)) throw error;
    return { problems: [{ code: error.code, message: error.why, location: at(error.offset) }] };
  }
  if (document === undefined) {
    // compose(…, forceDoc) always yields one; kept for the type.
    return {
      problems: [{ code: 'not-well-formed', message: 'not well-formed YAML: no document', location: at(0) }],
    };
  }
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => ({
        code: 'not-well-formed',
        message: `not well-formed YAML: ${error.message}`,
        location: at(error.pos[0]),
      })),
    };
  }
  try {
    measureAliases(document, limits);
  } catch (error) {
    if (!(error instanceof LimitCrossed)) throw error;
    return {
      problems: [
        {
          code: error.code,
          message: error.why,
          location: at(error.offset),
        },
      ],
    };
  }
  return { document, at };
}

function tooDeep(maxDepth: number): string {
  return `collections nested deeper than ${String(maxDepth)} levels (the limit; see maxDepth in docs/context-files.md)`;
}

/** Expanded size (nodes) and height (collection levels) of a node, aliases counted as what they stand for. */
interface Extent {
  readonly size: number;
  readonly height: number;
}

/** Walks the document as written (not through aliases), in document order; see {@link parseYaml}. */
function measureAliases(document: Document, limits: ContextLimits): void {
  const anchored = new Map<Node, Extent>();
  let added = 0;
  const measure = (node: unknown, depth: number): Extent => {
    if (isAlias(node)) {
      const offset = node.range?.[0] ?? 0;
      const target = node.resolve(document) as Node | undefined;
      if (target === undefined) return { size: 1, height: 0 };
      const extent = anchored.get(target);
      // Anchors come before their aliases, so an unmeasured target is one still being measured: a containing node.
      if (extent === undefined) {
        throw new LimitCrossed(
          offset,
          `alias '*${node.source}' stands for a node that contains it (a cycle)`,
          'invalid-value',
        );
      }
      added += extent.size;
      if (added > limits.maxAliasNodes) {
        throw new LimitCrossed(
          offset,
          `aliases expand to more than ${String(limits.maxAliasNodes)} nodes by alias '*${node.source}' (the limit on alias expansion; see maxAliasNodes in docs/context-files.md)`,
        );
      }
      if (depth - 1 + extent.height > limits.maxDepth) {
        throw new LimitCrossed(
          offset,
          `${tooDeep(limits.maxDepth)} once alias '*${node.source}' is expanded`,
        );
      }
      return extent;
    }
    let extent: Extent = { size: 1, height: 0 };
    if (isMap(node) || isSeq(node)) {
      if (depth > limits.maxDepth) throw new LimitCrossed(node.range?.[0] ?? 0, tooDeep(limits.maxDepth));
      let size = 1;
      let height = 0;
      for (const item of node.items) {
        for (const child of isPair(item) ? [item.key, item.value] : [item]) {
          const inner = measure(child, depth + 1);
          size += inner.size;
          height = Math.max(height, inner.height);
        }
      }
      extent = { size, height: height + 1 };
    }
    if (node !== null && typeof node === 'object' && 'anchor' in node && typeof node.anchor === 'string') {
      anchored.set(node as Node, extent);
    }
    return extent;
  };
  measure(document.contents, 1);
}
