import type { Document, Node, Pair } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from 'yaml';

import type { SourceLocation } from '../../definitions/index.js';
import type { ReaderSession } from '../ReaderSession.js';

/** A scalar's value as text (keys and ids may be YAML numbers or booleans). */
export function scalarString(value: unknown): string {
  return typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint'
    ? String(value)
    : '';
}

/** A pair whose key is a plain scalar, with the key as text. */
export interface Entry {
  readonly key: string;
  readonly keyLocation: SourceLocation;
  readonly value: Node | null;
}

/**
 * What every part of the YAML context reader does to a node: follow aliases,
 * find its position, and read it as a mapping, a list or text, telling the
 * session when it is not what it should be.
 */
export abstract class YamlNodeReader {
  protected constructor(
    protected readonly session: ReaderSession,
    protected readonly document: Document,
    protected readonly at: (offset: number) => SourceLocation,
  ) {}

  protected location(node: Node | null, fallback: SourceLocation): SourceLocation {
    const range = node?.range;
    return range === undefined || range === null ? fallback : this.at(range[0]);
  }

  /** Follows aliases (`*name`) to the node they stand for. */
  protected deref(node: Node | null): Node | null {
    if (node !== null && isAlias(node)) return (node.resolve(this.document) as Node | undefined) ?? null;
    return node;
  }

  /** The entries of a mapping, checking keys against `allowed` (undefined: any key). */
  protected entries(
    node: Node | null,
    fallback: SourceLocation,
    what: string,
    allowed?: readonly string[],
    objectId?: string,
  ): Entry[] | undefined {
    const map = this.deref(node);
    if (map === null || !isMap(map)) {
      this.session.problem(
        'invalid-value',
        `${what} must be a mapping`,
        this.location(map, fallback),
        objectId,
      );
      return undefined;
    }
    const result: Entry[] = [];
    for (const pair of map.items as Pair<Node | null, Node | null>[]) {
      const keyNode = this.deref(pair.key);
      const keyLocation = this.location(keyNode, fallback);
      if (
        keyNode === null ||
        !isScalar(keyNode) ||
        keyNode.value === null ||
        typeof keyNode.value === 'object'
      ) {
        this.session.problem('invalid-value', `keys in ${what} must be plain text`, keyLocation, objectId);
        continue;
      }
      const key = scalarString(keyNode.value);
      if (allowed !== undefined && !allowed.includes(key)) {
        this.session.unknown('key', key, allowed, keyLocation, objectId, ` in ${what}`);
        continue;
      }
      result.push({ key, keyLocation, value: pair.value });
    }
    return result;
  }

  /** A list, or a single value standing for a list of one. */
  protected sequence(node: Node | null): (Node | null)[] {
    const seq = this.deref(node);
    if (seq !== null && isSeq(seq)) return seq.items as (Node | null)[];
    return [seq];
  }

  /** A scalar as text with placeholders expanded; anything else is a problem. */
  protected scalarText(
    node: Node | null,
    fallback: SourceLocation,
    what: string,
    objectId?: string,
  ): string | undefined {
    const scalar = this.deref(node);
    const location = this.location(scalar, fallback);
    if (scalar === null || !isScalar(scalar) || scalar.value === null || typeof scalar.value === 'object') {
      this.session.problem('invalid-value', `${what} must be text`, location, objectId);
      return undefined;
    }
    const value = scalar.value;
    return typeof value === 'string' ? this.session.text(value, location, objectId) : scalarString(value);
  }
}
