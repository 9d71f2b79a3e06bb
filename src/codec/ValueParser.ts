import type { CodecErrorCode } from './CodecError.js';
import type { DecodeLimits } from './DecodeLimits.js';
import type { ResolvedDecodeOptions } from './DecodeOptions.js';
import { FAST_ITEM, FAST_MEMBER, R, doubleAt, intAt } from './fastPaths.js';
import { keySegment } from './keySegment.js';
import { defineMember, isPlainKey, newStruct } from './newStruct.js';
import type { Struct } from './newStruct.js';
import { ScalarError, parseScalar } from './parseScalar.js';
import { readTypeTag } from './readTypeTag.js';
import { ValueFailure } from './ValueFailure.js';
import { XmlScanner } from './XmlScanner.js';
import { isWhitespace } from './xmlText.js';

/**
 * Reads XML-RPC values (scalars, structs, arrays) from one document; the
 * message envelope around them is read by the subclass in `parseMessage`.
 * Failures inside a value are thrown as `ValueFailure`s that collect the path.
 */
export class ValueParser {
  /** The cursor over the document. */
  protected readonly sc: XmlScanner;

  /** Whether the message used `<i8>`: its sender reads it, so an answer may use it too. */
  public usedI8 = false;

  /** Member names of the last struct read, by position; see {@link fastKey}. */
  private readonly keys: string[] = [];
  /** Whether each name in {@link keys} may be set by plain assignment (see `isPlainKey`). */
  private readonly plainKeys: boolean[] = [];
  /** Whether the name {@link fastKey} gave last may be set by plain assignment. */
  private plainKey = true;
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

  /** An empty struct of the configured kind. */
  protected emptyStruct(): Struct {
    return this.nullPrototype ? newStruct() : {};
  }

  /** Fails inside a value: the root value's handler adds the path on the way out. */
  private fail(code: CodecErrorCode, message: string): never {
    throw new ValueFailure(code, message, this.sc.pos);
  }

  protected invalid(message: string): never {
    return this.fail('SPINDLE_CODEC_INVALID_REQUEST', message);
  }

  /** Reads a start tag that must be `<name>`; returns whether it was self-closing. */
  protected expect(name: string, fast: string): boolean {
    this.sc.skipMisc();
    if (this.sc.tryStartTag(fast)) return false;
    if (this.sc.atEndTag()) this.invalid(`expected <${name}>, found an end tag`);
    const tag = this.sc.readStartTag();
    if (tag !== name) this.invalid(`expected <${name}>, found <${tag}>`);
    return this.sc.empty;
  }

  /**
   * Reads one value after its `<value>` start tag, through its `</value>`.
   * Recursion is bounded: the depth limit is checked before each array or
   * struct is entered, so hostile nesting fails long before the stack would.
   */
  protected value(depth: number): unknown {
    const sc = this.sc;
    const text = sc.readText();
    if (sc.atEndTag()) {
      sc.readEndTag('value');
      this.checkLength(text, 'string');
      return text;
    }
    if (text.length > 0 && !isWhitespace(text)) this.invalid('a <value> mixes text and an element');
    const tag = readTypeTag(this.sc);
    let value: unknown;
    if (tag === 'struct') value = sc.empty ? this.emptyStruct() : this.struct(depth + 1);
    else if (tag === 'array') value = this.array(depth + 1, sc.empty);
    else value = this.scalar(tag, sc.empty);
    sc.skipMisc();
    sc.readEndTag('value');
    return value;
  }

  /** After `<struct>`: its members through `</struct>`. */
  protected struct(depth: number): Struct {
    this.checkDepth(depth);
    const sc = this.sc;
    const struct = this.emptyStruct();
    let key = '';
    let index = 0;
    try {
      for (;;) {
        sc.skipMisc();
        if (sc.atEndTag()) break;
        FAST_MEMBER.lastIndex = sc.pos;
        if (FAST_MEMBER.test(sc.s)) {
          const end = FAST_MEMBER.lastIndex;
          key = this.fastKey(index++);
          const plain = this.plainKey; // read before a nested struct changes it
          let member: unknown;
          if (sc.s.charCodeAt(end - 2) === R) {
            // after <member><name>KEY</name><value>, before </value></member>
            member = this.plainValue(sc.pos + 28 + key.length, end - 17);
            sc.pos = end;
          } else {
            // <member><name>KEY</name><value> read; a struct or an array follows
            sc.countElements(1);
            sc.pos = end;
            member = this.value(depth);
            sc.skipMisc();
            sc.readEndTag('member');
          }
          if (plain) struct[key] = member;
          else defineMember(struct, key, member);
          continue;
        }
        key = '';
        if (this.expect('member', '<member>')) this.invalid('<member/> has no <name> and <value>');
        if (!this.expect('name', '<name>')) {
          key = sc.readText();
          sc.readEndTag('name');
          this.checkLength(key, 'member name');
        }
        const member = this.expect('value', '<value>') ? '' : this.value(depth);
        if (isPlainKey(key)) struct[key] = member;
        else defineMember(struct, key, member);
        sc.skipMisc();
        sc.readEndTag('member');
      }
    } catch (error) {
      if (error instanceof ValueFailure) error.segments.push(keySegment(key));
      throw error;
    }
    sc.readEndTag('struct');
    return struct;
  }

  /** After `<array>`: `<data>`, its values, `</data></array>`. */
  private array(depth: number, empty: boolean): unknown[] {
    this.checkDepth(depth);
    if (empty) this.invalid('<array/> has no <data>');
    const sc = this.sc;
    const items: unknown[] = [];
    if (!this.expect('data', '<data>')) {
      try {
        for (;;) {
          sc.skipMisc();
          if (sc.atEndTag()) break;
          if (sc.tryStartTag('<value><struct>')) {
            // An array of structs, the usual shape of a large result.
            sc.countElements(1);
            items.push(this.struct(depth + 1));
            sc.skipMisc();
            sc.readEndTag('value');
            continue;
          }
          FAST_ITEM.lastIndex = sc.pos;
          if (FAST_ITEM.test(sc.s)) {
            const end = FAST_ITEM.lastIndex;
            items.push(this.plainValue(sc.pos + 7, end - 8)); // after <value>, before </value>
            sc.pos = end;
            continue;
          }
          items.push(this.expect('value', '<value>') ? '' : this.value(depth));
        }
      } catch (error) {
        if (error instanceof ValueFailure) error.segments.push(`[${items.length}]`);
        throw error;
      }
      sc.readEndTag('data');
    }
    sc.skipMisc();
    sc.readEndTag('array');
    return items;
  }

  private checkDepth(depth: number): void {
    if (depth > this.limits.maxDepth) {
      this.fail(
        'SPINDLE_CODEC_LIMIT_EXCEEDED',
        `arrays and structs nested deeper than maxDepth (${this.limits.maxDepth})`,
      );
    }
  }

  private checkLength(text: string, what: string): void {
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
  private fastKey(index: number): string {
    const sc = this.sc;
    const s = sc.s;
    const nameStart = sc.pos + 14; // <member><name>
    let key = index < 64 ? this.keys[index] : undefined;
    // The regex matched, so the name ends at the first '<' after it.
    if (key === undefined || s.charCodeAt(nameStart + key.length) !== 60 || !s.startsWith(key, nameStart)) {
      key = s.slice(nameStart, s.indexOf('<', nameStart));
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
    const typeLength = first === 105 ? (s.charCodeAt(start + 3) === 62 ? 2 : 3) : first === 98 ? 7 : 6;
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
  private plainText(from: number, to: number, what: string): string {
    if (from === to) return '';
    const sc = this.sc;
    let text = sc.s.slice(from, to);
    if (sc.hasAmp && text.includes('&')) text = sc.decodeEntities(text, from);
    if (text.length > this.limits.maxStringLength) this.checkLength(text, what);
    return text;
  }

  /** After a scalar's start tag: its text, its end tag, and the typed value. */
  private scalar(tag: string, empty: boolean): unknown {
    const sc = this.sc;
    let text = '';
    if (!empty) {
      text = sc.readText();
      if (!sc.atEndTag()) this.invalid(`<${tag}> holds an element`);
      sc.readEndTag(tag);
      this.checkLength(text, `<${tag}>`);
    }
    const value = this.scalarValue(tag, text);
    // Only nil gives null: `<nil/>` is null, `<nil></nil>` is how Spindle writes undefined.
    return value === null && !empty ? undefined : value;
  }

  /** The typed value of a scalar element's text; a bad one fails here, so the error names this place. */
  private scalarValue(tag: string, text: string): unknown {
    try {
      const value = parseScalar(tag, text, this.naiveDates);
      if (tag === 'i8') this.usedI8 = true;
      return value;
    } catch (error) {
      if (error instanceof ScalarError) this.invalid(error.message);
      throw error;
    }
  }
}
