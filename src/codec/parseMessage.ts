import type { CodecErrorCode } from './CodecError.js';
import type { DecodeLimits } from './DecodeLimits.js';
import { decodeInput } from './decodeInput.js';
import { Fault } from './Fault.js';
import {
  ScalarError,
  parseBase64Text,
  parseBigIntText,
  parseBooleanText,
  parseDateTimeText,
  parseDoubleText,
  parseIntText,
  parseNilText,
} from './parseScalar.js';
import { XmlScanner, isWhitespace } from './XmlScanner.js';

/** A decoded message before the caller decides which kinds it accepts. */
export type ParsedMessage =
  | { readonly kind: 'call'; readonly method: string; readonly params: unknown[] }
  | { readonly kind: 'response'; readonly params: unknown[] }
  | { readonly kind: 'fault'; readonly fault: Fault }
  | { readonly kind: 'params'; readonly params: unknown[] };

type Struct = Record<string, unknown>;

/** A failure inside a value; carries the path segments collected while unwinding. */
class ValueFailure extends Error {
  public readonly segments: string[] = [];

  public constructor(
    public readonly code: CodecErrorCode,
    message: string,
    public readonly at: number,
  ) {
    super(message);
  }
}

function keySegment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * A struct: an object without a prototype, so `__proto__` and `constructor` are
 * plain data keys. Made from a literal and then detached (rather than with
 * `Object.create(null)`) so V8 keeps it in fast mode.
 */
function newStruct(): Struct {
  return Object.setPrototypeOf({}, null) as Struct;
}

// Fast paths: one sticky regex matches a whole member or array item with a
// scalar (or untyped) value written the plain way, the shape nearly every
// writer sends. Irregexp scans it natively, far faster than a JavaScript loop
// per character. The text classes leave out what would need more work (`\r`)
// or be an error (`<`, `>` as in `]]>`, forbidden characters); values may hold
// references (`&amp;`), decoded afterwards, names may not. Anything the
// regexes do not match takes the general path, which handles all of XML.
const PLAIN = String.raw`[^<&>\r\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]*`;
const TEXT = String.raw`[^<>\r\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]*`;
/** The types the fast paths read, each closed by its own name (no backreference: matching is faster without captures). */
const TYPED = String.raw`(?:<(?:string>${TEXT}<\/string|int>${TEXT}<\/int|i4>${TEXT}<\/i4|double>${TEXT}<\/double|boolean>${TEXT}<\/boolean|i8>${TEXT}<\/i8)>|${TEXT})<\/value>`;
/**
 * A whole member with a plain scalar value, or (ending after `<value>`, where
 * `<struct>` or `<array>` follows) the start of a member with a container value.
 */
const FAST_MEMBER = new RegExp(
  String.raw`<member><name>${PLAIN}<\/name><value>(?:${TYPED}<\/member>|(?=<(?:struct|array)>))`,
  'y',
);
const FAST_ITEM = new RegExp(`<value>${TYPED}`, 'y');
const FAST_PARAM = new RegExp(`<param><value>${TYPED}</param>`, 'y');
/** `s.charCodeAt(end - 2)` after a {@link FAST_MEMBER} match: `r` of `</member>` when it matched a whole member. */
const R = 114;

/** A strict decimal int within 32 bits between `from` and `to`, or NaN (then the general reader words the error). */
function intAt(s: string, from: number, to: number): number {
  let i = from;
  const sign = s.charCodeAt(i);
  if (sign === 45 || sign === 43) i++;
  if (i === to || to - i > 10) return NaN;
  let n = 0;
  for (; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    n = n * 10 + d;
  }
  if (sign === 45) n = -n;
  return n >= -2147483648 && n <= 2147483647 ? n + 0 : NaN;
}

/** A finite double in decimal notation between `from` and `to`, or NaN. */
function doubleAt(s: string, from: number, to: number): number {
  if (from === to) return NaN;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    // digits . + - e E: every string of these that Number() reads is a valid XML-RPC double.
    if (!((c >= 48 && c <= 57) || c === 46 || c === 43 || c === 45 || c === 101 || c === 69)) return NaN;
  }
  const n = Number(s.slice(from, to));
  return Number.isFinite(n) ? n : NaN;
}

const METHOD_NAME = /^[A-Za-z0-9_.:/]+$/;

function localName(tag: string): string {
  const colon = tag.indexOf(':');
  return colon === -1 ? tag : tag.slice(colon + 1);
}

/** Reads one XML-RPC document; the one place that knows the message grammar. */
class MessageParser {
  private readonly sc: XmlScanner;

  /** Member names of the last struct read, by position; see {@link fastKey}. */
  private readonly keys: string[] = [];

  public constructor(
    text: string,
    private readonly limits: DecodeLimits,
  ) {
    this.sc = new XmlScanner(text, limits);
  }

  public parse(): ParsedMessage {
    try {
      return this.document();
    } catch (error) {
      if (error instanceof ValueFailure) this.sc.fail(error.code, error.message, error.at);
      throw error;
    }
  }

  private document(): ParsedMessage {
    const sc = this.sc;
    sc.skipProlog();
    const root = sc.readStartTag();
    let message: ParsedMessage;
    if (root === 'methodCall' && !sc.empty) message = this.call();
    else if (root === 'methodResponse' && !sc.empty) message = this.response();
    else if (root === 'params') message = { kind: 'params', params: sc.empty ? [] : this.params() };
    else
      this.invalid(
        `the root element is <${root}${sc.empty ? '/' : ''}>, not <methodCall> or <methodResponse>`,
      );
    sc.skipMisc();
    if (!sc.atEnd()) sc.malformed('content after the root element');
    return message;
  }

  /** Fails inside a value: the root value's handler adds the path on the way out. */
  private fail(code: CodecErrorCode, message: string): never {
    throw new ValueFailure(code, message, this.sc.pos);
  }

  private invalid(message: string): never {
    return this.fail('SPINDLE_CODEC_INVALID_REQUEST', message);
  }

  /** Reads a start tag that must be `<name>`; returns whether it was self-closing. */
  private expect(name: string, fast: string): boolean {
    this.sc.skipMisc();
    if (this.sc.tryStartTag(fast)) return false;
    if (this.sc.atEndTag()) this.invalid(`expected <${name}>, found an end tag`);
    const tag = this.sc.readStartTag();
    if (tag !== name) this.invalid(`expected <${name}>, found <${tag}>`);
    return this.sc.empty;
  }

  private call(): ParsedMessage {
    const sc = this.sc;
    let method = '';
    if (!this.expect('methodName', '<methodName>')) {
      method = sc.readText();
      sc.readEndTag('methodName');
      method = method.trim();
    }
    if (method.length > this.limits.maxMethodNameLength) {
      sc.fail(
        'SPINDLE_CODEC_LIMIT_EXCEEDED',
        `the method name has ${method.length} characters, more than maxMethodNameLength (${this.limits.maxMethodNameLength})`,
      );
    }
    if (!METHOD_NAME.test(method)) {
      this.invalid(
        `the method name ${JSON.stringify(method.slice(0, 64))} is empty or has characters outside A-Z a-z 0-9 _ . : /`,
      );
    }
    sc.skipMisc();
    let params: unknown[] = [];
    if (!sc.atEndTag()) params = this.expect('params', '<params>') ? [] : this.params();
    sc.skipMisc();
    sc.readEndTag('methodCall');
    return { kind: 'call', method, params };
  }

  private response(): ParsedMessage {
    const sc = this.sc;
    sc.skipMisc();
    const tag = sc.readStartTag();
    let message: ParsedMessage;
    if (tag === 'params') message = { kind: 'response', params: sc.empty ? [] : this.params() };
    else if (tag === 'fault' && !sc.empty) message = { kind: 'fault', fault: this.fault() };
    else this.invalid(`<methodResponse> holds <${tag}>, not <params> or <fault>`);
    sc.skipMisc();
    if (!sc.atEndTag()) this.invalid('<methodResponse> holds more than one <params> or <fault>');
    sc.readEndTag('methodResponse');
    return message;
  }

  /** After `<params>`: every `<param><value>…</value></param>` up to `</params>`. */
  private params(): unknown[] {
    const sc = this.sc;
    const params: unknown[] = [];
    for (;;) {
      sc.skipMisc();
      if (sc.atEndTag()) break;
      FAST_PARAM.lastIndex = sc.pos;
      if (FAST_PARAM.test(sc.s)) {
        const end = FAST_PARAM.lastIndex;
        sc.countElements(1);
        params.push(this.rootValue(params.length, () => this.plainValue(sc.pos + 14, end - 16)));
        sc.pos = end;
        continue;
      }
      if (this.expect('param', '<param>')) this.invalid(`<param> ${params.length} has no <value>`);
      const empty = this.expect('value', '<value>');
      params.push(empty ? '' : this.rootValue(params.length, () => this.value(0)));
      sc.skipMisc();
      sc.readEndTag('param');
    }
    sc.readEndTag('params');
    return params;
  }

  /** After `<fault>`: the fault struct, inside `<value>` or (as some servers send it) bare. */
  private fault(): Fault {
    const sc = this.sc;
    sc.skipMisc();
    const tag = sc.readStartTag();
    let value: unknown;
    if (tag === 'value' && !sc.empty) value = this.rootValue('fault', () => this.value(0));
    else if (tag === 'struct') value = sc.empty ? newStruct() : this.rootValue('fault', () => this.struct(1));
    else this.invalid(`<fault> holds <${tag}>, not a <value> with a <struct>`);
    if (
      typeof value !== 'object' ||
      value === null ||
      Array.isArray(value) ||
      Object.getPrototypeOf(value) !== null
    ) {
      this.invalid('the fault is not a struct');
    }
    const { faultCode, faultString, ...extra } = value as Struct;
    if (typeof faultCode !== 'number' && typeof faultCode !== 'string') {
      this.invalid('the fault struct has no int or string faultCode');
    }
    const text = faultString === undefined ? '' : faultString;
    if (typeof text !== 'string') this.invalid('the fault struct has a faultString that is not a string');
    sc.skipMisc();
    sc.readEndTag('fault');
    return new Fault(faultCode, text, extra);
  }

  /**
   * Reads one value after its `<value>` start tag, through its `</value>`.
   * Recursion is bounded: the depth limit is checked before each array or
   * struct is entered, so hostile nesting fails long before the stack would.
   */
  private value(depth: number): unknown {
    const sc = this.sc;
    const text = sc.readText();
    if (sc.atEndTag()) {
      sc.readEndTag('value');
      this.checkLength(text, 'string');
      return text;
    }
    if (text.length > 0 && !isWhitespace(text)) this.invalid('a <value> mixes text and an element');
    const tag = this.typeTag();
    let value: unknown;
    if (tag === 'struct') value = sc.empty ? newStruct() : this.struct(depth + 1);
    else if (tag === 'array') value = this.array(depth + 1, sc.empty);
    else value = this.scalar(tag, sc.empty);
    sc.skipMisc();
    sc.readEndTag('value');
    return value;
  }

  /** After `<struct>`: its members through `</struct>`. */
  private struct(depth: number): Struct {
    this.checkDepth(depth);
    const sc = this.sc;
    const struct = newStruct();
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
          if (sc.s.charCodeAt(end - 2) === R) {
            // after <member><name>KEY</name><value>, before </value></member>
            struct[key] = this.plainValue(sc.pos + 28 + key.length, end - 17);
            sc.pos = end;
          } else {
            // <member><name>KEY</name><value> read; a struct or an array follows
            sc.countElements(1);
            sc.pos = end;
            struct[key] = this.value(depth);
            sc.skipMisc();
            sc.readEndTag('member');
          }
          continue;
        }
        key = '';
        if (this.expect('member', '<member>')) this.invalid('<member/> has no <name> and <value>');
        if (!this.expect('name', '<name>')) {
          key = sc.readText();
          sc.readEndTag('name');
          this.checkLength(key, 'member name');
        }
        struct[key] = this.expect('value', '<value>') ? '' : this.value(depth);
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

  /** Parses a root value (a param, by index, or the fault) and turns failures inside it into errors naming its path. */
  private rootValue(rootOrIndex: string | number, parse: () => unknown): unknown {
    try {
      return parse();
    } catch (error) {
      const root = typeof rootOrIndex === 'number' ? `params[${rootOrIndex}]` : rootOrIndex;
      if (error instanceof ValueFailure) {
        const path = root + error.segments.reverse().join('');
        this.sc.fail(error.code, `${error.message} at ${path}`, error.at);
      }
      if (error instanceof RangeError) {
        // Only reachable when maxDepth was raised beyond what the stack can hold.
        this.sc.fail(
          'SPINDLE_CODEC_LIMIT_EXCEEDED',
          `${root} is nested too deeply for the stack; lower maxDepth`,
        );
      }
      throw error;
    }
  }

  /** The type element's name at the cursor; the common spellings are matched without allocating. */
  private typeTag(): string {
    const sc = this.sc;
    switch (sc.s.charCodeAt(sc.pos + 1)) {
      case 115: // s
        if (sc.tryStartTag('<string>')) return 'string';
        if (sc.tryStartTag('<struct>')) return 'struct';
        break;
      case 105: // i
        if (sc.tryStartTag('<int>')) return 'int';
        if (sc.tryStartTag('<i4>')) return 'i4';
        if (sc.tryStartTag('<i8>')) return 'i8';
        break;
      case 100: // d
        if (sc.tryStartTag('<double>')) return 'double';
        if (sc.tryStartTag('<dateTime.iso8601>')) return 'dateTime.iso8601';
        break;
      case 98: // b
        if (sc.tryStartTag('<boolean>')) return 'boolean';
        if (sc.tryStartTag('<base64>')) return 'base64';
        break;
      case 97: // a
        if (sc.tryStartTag('<array>')) return 'array';
        break;
      default:
        break;
    }
    return sc.readStartTag();
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
      if (index < 64) this.keys[index] = key;
    }
    sc.countElements(2);
    return key;
  }

  /**
   * The value between `<value>` at `start` and `</value>` at `end`, which a fast
   * path matched: untyped text or one plain scalar element, with no forbidden
   * characters inside; references are decoded here.
   */
  private plainValue(start: number, end: number): unknown {
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
    return this.scalarValue(tag, text);
  }

  /** The typed value of a scalar element's text. */
  private scalarValue(tag: string, text: string): unknown {
    try {
      switch (tag) {
        case 'string':
          return text;
        case 'int':
        case 'i4':
          return parseIntText(tag, text, -2147483648, 2147483647);
        case 'double':
          return parseDoubleText(tag, text);
        case 'boolean':
          return parseBooleanText(text);
        case 'dateTime.iso8601':
          return parseDateTimeText(tag, text);
        case 'base64':
          return parseBase64Text(text);
        case 'i8':
          return parseBigIntText(tag, text, true);
        case 'nil':
          return parseNilText(tag, text);
        default:
          return this.extensionScalar(tag, text);
      }
    } catch (error) {
      if (error instanceof ScalarError) this.invalid(error.message);
      throw error;
    }
  }

  /** Apache's `ex:` types, matched by local name whatever the prefix. */
  private extensionScalar(tag: string, text: string): unknown {
    const local = localName(tag);
    switch (local) {
      case 'i1':
        return parseIntText(tag, text, -128, 127);
      case 'i2':
        return parseIntText(tag, text, -32768, 32767);
      case 'int':
      case 'i4':
        return parseIntText(tag, text, -2147483648, 2147483647);
      case 'i8':
        return parseBigIntText(tag, text, true);
      case 'biginteger':
        return parseBigIntText(tag, text, false);
      case 'float':
      case 'double':
      case 'bigdecimal':
        return parseDoubleText(tag, text);
      case 'nil':
        return parseNilText(tag, text);
      case 'dateTime':
      case 'dateTime.iso8601':
        return parseDateTimeText(tag, text);
      case 'string':
        return text;
      case 'boolean':
        return parseBooleanText(text);
      case 'base64':
        return parseBase64Text(text);
      case 'serializable':
      case 'dom':
        return this.invalid(`<${tag}> is never decoded (it would deserialize objects)`);
      default:
        return this.invalid(`unknown type <${tag}>`);
    }
  }
}

/** Decodes any XML-RPC document: a call, a response, a fault, or a bare `<params>` (as `dumps` writes). */
export function parseMessage(input: Buffer | Uint8Array | string, limits: DecodeLimits): ParsedMessage {
  return new MessageParser(decodeInput(input, limits), limits).parse();
}
