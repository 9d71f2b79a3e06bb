import type { CodecErrorCode } from './CodecError.js';
import type { DecodeLimits } from './DecodeLimits.js';
import type { ResolvedDecodeOptions } from './DecodeOptions.js';
import { doubleAt, intAt, plainValueEnd, typeTagLength } from './fastPaths.js';
import { keySegment } from './keySegment.js';
import { defineMember, isPlainKey, newStruct, setMember } from './newStruct.js';
import type { Struct } from './newStruct.js';
import { ScalarError, parseScalar } from './parseScalar.js';
import { ValueFailure } from './ValueFailure.js';
import { XmlScanner } from './XmlScanner.js';

/**
 * The part of the value reader that turns what a fast-path regex matched
 * (see `fastPaths`) into values: member names, plain scalars, whole flat
 * structs. Its subclass `ValueParser` reads the general grammar and calls in
 * here whenever a fast path matches.
 */
export abstract class PlainValueReader {
  /** The cursor over the document. */
  protected readonly sc: XmlScanner;

  /** Whether the message used `<i8>`: its sender reads it, so an answer may use it too. */
  public usedI8 = false;

  /** Member names of the last struct read, by position; see {@link fastKey}. */
  private readonly keys: string[] = [];
  /** Whether each name in {@link keys} may be set by plain assignment (see `isPlainKey`). */
  private readonly plainKeys: boolean[] = [];
  /** Whether the name {@link fastKey} gave last may be set by plain assignment. */
  protected plainKey = true;
  /** `structs: 'null-prototype'`, decided once per message. */
  private readonly nullPrototype: boolean;
  /** `dateTimes: 'naive'`, decided once per message. */
  private readonly naiveDates: boolean;

  public constructor(
    text: string,
    protected readonly limits: DecodeLimits,
    decoding: ResolvedDecodeOptions,
  ) {
    this.sc = new XmlScanner(text, limits);
    this.nullPrototype = decoding.structs === 'null-prototype';
    this.naiveDates = decoding.dateTimes === 'naive';
  }

  /**
   * The struct whose members lie between `from` and `to`, which
   * `FAST_STRUCT_ITEM` matched: each is `<member><name>KEY</name><value>…</value></member>`
   * with a plain scalar value or an array of them, so only where each text
   * ends is left to find.
   */
  protected plainStruct(depth: number, from: number, to: number): Struct {
    this.checkDepth(depth);
    const sc = this.sc;
    const s = sc.s;
    const struct = this.emptyStruct();
    sc.countElements(2); // <value><struct>
    let key = '';
    let index = 0;
    try {
      for (let p = from; p < to;) {
        sc.pos = p;
        key = this.fastKey(index++);
        const plain = this.plainKey;
        const start = p + 28 + key.length; // after <value>
        let member: unknown;
        if (s.charCodeAt(start) === 60 && s.charCodeAt(start + 1) === 97) {
          // <array>: no plain scalar's tag starts with `a`
          sc.countElements(1); // <value>
          const items: unknown[] = [];
          p = this.plainItems(depth + 1, start, items) + 9; // past </member>
          member = items;
        } else {
          const end = plainValueEnd(s, start);
          member = this.plainValue(start, end);
          p = end + 17; // past </value></member>
        }
        if (plain) setMember(struct, index - 1, key, member);
        else defineMember(struct, key, member);
      }
    } catch (error) {
      if (error instanceof ValueFailure) error.segments.push(keySegment(key));
      throw error;
    }
    return struct;
  }

  /**
   * Reads the items of the `<array><data>…</data></array></value>` at `at`,
   * which `FAST_PLAIN_ARRAY` (or the record match) found there: each item a
   * plain scalar. Pushes them onto `items` and returns where the member's
   * `</value>` ends.
   */
  protected plainItems(depth: number, at: number, items: unknown[]): number {
    this.checkDepth(depth);
    const sc = this.sc;
    const s = sc.s;
    sc.countElements(2); // <array><data>
    let p = at + 13; // after <array><data>
    try {
      while (s.charCodeAt(p + 1) !== 47) {
        // <value>, not </data>
        sc.pos = p;
        const start = p + 7;
        const end = plainValueEnd(s, start);
        items.push(this.plainValue(start, end));
        p = end + 8; // past </value>
      }
    } catch (error) {
      if (error instanceof ValueFailure) error.segments.push(`[${items.length}]`);
      throw error;
    }
    return p + 23; // past </data></array></value>
  }

  protected checkDepth(depth: number): void {
    if (depth > this.limits.maxDepth) {
      this.fail(
        'SPINDLE_CODEC_LIMIT_EXCEEDED',
        `arrays and structs nested deeper than maxDepth (${this.limits.maxDepth})`,
      );
    }
  }

  protected checkLength(text: string, what: string): void {
    if (text.length > this.limits.maxStringLength) {
      this.fail(
        'SPINDLE_CODEC_LIMIT_EXCEEDED',
        `a ${what} of ${text.length} characters is longer than maxStringLength (${this.limits.maxStringLength})`,
      );
    }
  }

  /**
   * The name of a member that {@link FAST_MEMBER} matched at the cursor. A key
   * equal to the one at the same place in the previous struct is reused, which
   * spares allocating and internalising it again for every struct of an array.
   */
  protected fastKey(index: number): string {
    const sc = this.sc;
    const s = sc.s;
    const nameStart = sc.pos + 14; // <member><name>
    let key = index < 64 ? this.keys[index] : undefined;
    // The regex matched, so the name ends at the first '<' after it.
    if (key === undefined || s.charCodeAt(nameStart + key.length) !== 60 || !s.startsWith(key, nameStart)) {
      key = recentName(s, nameStart, s.indexOf('<', nameStart));
      this.checkLength(key, 'member name');
      this.plainKey = isPlainKey(key);
      if (index < 64) {
        this.keys[index] = key;
        this.plainKeys[index] = this.plainKey;
      }
    } else {
      this.plainKey = this.plainKeys[index] ?? isPlainKey(key);
    }
    sc.countElements(2);
    return key;
  }

  /**
   * The value between `<value>` at `start` and `</value>` at `end`, which a fast
   * path matched: untyped text or one plain scalar element, with no forbidden
   * characters inside; references are decoded here.
   */
  protected plainValue(start: number, end: number): unknown {
    const sc = this.sc;
    const s = sc.s;
    sc.countElements(1);
    if (start === end || s.charCodeAt(start) !== 60) return this.plainText(start, end, 'string');
    sc.countElements(1);
    // The regex allowed only string, int, i4, double, boolean, i8, closed by the
    // same name, so the first letters and one length tell where the text lies.
    const first = s.charCodeAt(start + 1);
    const typeLength = typeTagLength(s, start);
    const open = start + 1 + typeLength;
    const from = open + 1;
    const to = end - typeLength - 3;
    if (first === 115) return this.plainText(from, to, 'value'); // string
    if (first === 105 && typeLength !== 2) {
      const n = intAt(s, from, to);
      if (n === n) return n; // not NaN: a valid int
    } else if (first === 98) {
      if (to === from + 1) {
        const c = s.charCodeAt(from);
        if (c === 49) return true;
        if (c === 48) return false;
      }
    } else if (first === 100) {
      const n = doubleAt(s, from, to);
      if (n === n) return n;
    }
    // i4, i8, or a bad scalar: the general reader decides, and words the error.
    const tag = s.slice(start + 1, open);
    try {
      return this.scalarValue(tag, this.plainText(from, to, 'value'));
    } catch (error) {
      if (error instanceof ValueFailure) sc.pos = start;
      throw error;
    }
  }

  /** The text between `from` and `to` that a fast path matched, references decoded. */
  protected plainText(from: number, to: number, what: string): string {
    if (from === to) return '';
    const sc = this.sc;
    let text = sc.s.slice(from, to);
    if (sc.hasAmp && text.includes('&')) text = sc.decodeEntities(text, from);
    if (text.length > this.limits.maxStringLength) this.checkLength(text, what);
    return text;
  }

  /** The typed value of a scalar element's text; a bad one fails here, so the error names this place. */
  protected scalarValue(tag: string, text: string): unknown {
    try {
      const value = parseScalar(tag, text, this.naiveDates);
      if (tag === 'i8') this.usedI8 = true;
      return value;
    } catch (error) {
      if (error instanceof ScalarError) this.invalid(error.message);
      throw error;
    }
  }

  /** An empty struct of the configured kind. */
  protected emptyStruct(): Struct {
    return this.nullPrototype ? newStruct() : {};
  }

  /** Fails inside a value: the root value's handler adds the path on the way out. */
  protected fail(code: CodecErrorCode, message: string): never {
    throw new ValueFailure(code, message, this.sc.pos);
  }

  protected invalid(message: string): never {
    return this.fail('SPINDLE_CODEC_INVALID_REQUEST', message);
  }
}

/** Longest member name {@link recentName} keeps: the usual names are short, and the table stays small. */
const MAX_RECENT_NAME = 32;
/** Member names read lately, in slots by a cheap hash of length and end letters. */
const RECENT_NAMES: (string | undefined)[] = new Array<string | undefined>(256).fill(undefined);

/**
 * The member name from `start` to `end`: one read lately when it is the same
 * text (compared in place), else a new slice, remembered. A name sliced from
 * the document is a new string that V8 must hash and intern before it can be
 * a key (and `isPlainKey` looks it up); one kept from an earlier message, of
 * the same shape say, is interned already. The first struct of each shape in
 * a message so costs what later ones cost.
 */
function recentName(s: string, start: number, end: number): string {
  const length = end - start;
  if (length === 0 || length > MAX_RECENT_NAME) return s.slice(start, end);
  const slot = (length * 31 + s.charCodeAt(start) * 7 + s.charCodeAt(end - 1)) & 255;
  const recent = RECENT_NAMES[slot];
  if (recent !== undefined && recent.length === length && s.startsWith(recent, start)) return recent;
  const name = s.slice(start, end);
  RECENT_NAMES[slot] = name;
  return name;
}
