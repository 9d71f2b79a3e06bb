import { CodecError } from './CodecError.js';
import type { CodecErrorCode } from './CodecError.js';
import type { DecodeLimits } from './DecodeLimits.js';
import { decodeEntities } from './decodeEntities.js';
import { skipAttributes, skipComment, skipPi } from './skipMarkup.js';
import {
  FORBIDDEN_CHAR,
  describeForbidden,
  indexOfForbidden,
  isNameChar,
  isNameStart,
  isSpace,
  normaliseLineEnds,
} from './xmlText.js';

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?

/**
 * A cursor over one XML document restricted to what XML-RPC uses: elements
 * (attributes are read and ignored), text, the five predefined entities and
 * character references, CDATA, comments and processing instructions. It never
 * accepts a DOCTYPE, so no entity is ever declared or expanded.
 *
 * It works on the decoded string with `indexOf`/`charCodeAt`, and returns text
 * as slices; entity decoding and line-end normalisation run only on slices
 * that need them, which a document-wide check tells it up front.
 */
export class XmlScanner {
  public pos = 0;
  /** Whether the last start tag read was self-closing (`<x/>`). */
  public empty = false;
  private elements = 0;
  /** Whether the document holds any `&` (if not, no text needs its references decoded). */
  public readonly hasAmp: boolean;
  private readonly hasCr: boolean;
  private readonly hasCdataEnd: boolean;

  public constructor(
    public readonly s: string,
    public readonly limits: DecodeLimits,
  ) {
    this.hasAmp = s.includes('&');
    this.hasCr = s.includes('\r');
    this.hasCdataEnd = s.includes(']]>');
  }

  /** Throws a `CodecError` whose message ends with the line and column of `at`. */
  public fail(code: CodecErrorCode, message: string, at = this.pos): never {
    // Forbidden characters are only looked for in text; one in markup shows up
    // as some other error first, so name the real cause.
    if (code !== 'SPINDLE_CODEC_INVALID_CHARACTER' && FORBIDDEN_CHAR.test(this.s)) {
      const index = indexOfForbidden(this.s);
      this.fail(
        'SPINDLE_CODEC_INVALID_CHARACTER',
        `the document holds a ${describeForbidden(this.s, false)}`,
        index,
      );
    }
    let line = 1;
    let lineStart = 0;
    for (let i = this.s.indexOf('\n'); i !== -1 && i < at; i = this.s.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    throw new CodecError(code, `${message} (line ${line}, column ${at - lineStart + 1})`);
  }

  public malformed(message: string, at = this.pos): never {
    return this.fail('SPINDLE_CODEC_NOT_WELL_FORMED', message, at);
  }

  public atEnd(): boolean {
    return this.pos >= this.s.length;
  }

  /** True when the cursor is at `</`. */
  public atEndTag(): boolean {
    return this.s.charCodeAt(this.pos) === LT && this.s.charCodeAt(this.pos + 1) === SLASH;
  }

  /** Skips white space, comments and processing instructions between elements. */
  public skipMisc(): void {
    const s = this.s;
    for (;;) {
      let c = s.charCodeAt(this.pos);
      while (isSpace(c)) c = s.charCodeAt(++this.pos);
      if (c !== LT) return;
      const next = s.charCodeAt(this.pos + 1);
      if (next === BANG && s.startsWith('<!--', this.pos)) skipComment(this);
      else if (next === QUESTION) skipPi(this);
      else return;
    }
  }

  /** Skips the XML declaration at the very start, if there is one, then any misc. */
  public skipProlog(): void {
    if (this.s.startsWith('<?xml version="1.0"?>') || this.s.startsWith("<?xml version='1.0'?>")) {
      // what Spindle and CPython write
      this.pos = 21;
    } else if (this.s.startsWith('<?xml') && isSpace(this.s.charCodeAt(5))) {
      const end = this.s.indexOf('?>', 5);
      if (end === -1) this.malformed('unterminated XML declaration');
      if (!/\bversion\s*=\s*["']1\.\d+["']/.test(this.s.slice(0, end))) {
        this.malformed('the XML declaration has no valid version');
      }
      this.pos = end + 2;
    }
    this.skipMisc();
  }

  /**
   * Reads a start tag at the cursor and returns its name; sets `empty` for `<x/>`.
   * Text, a DOCTYPE, CDATA or the end of input where an element must be are errors.
   */
  public readStartTag(): string {
    const s = this.s;
    let i = this.pos;
    if (s.charCodeAt(i) !== LT) {
      if (i >= s.length) this.malformed('unexpected end of the document');
      this.fail('SPINDLE_CODEC_INVALID_REQUEST', 'unexpected text where an element was expected');
    }
    let c = s.charCodeAt(++i);
    if (!isNameStart(c)) {
      if (c === BANG && s.startsWith('<!DOCTYPE', this.pos)) {
        this.malformed('a DOCTYPE is never accepted (no DTD or entity is ever processed)');
      }
      if (c === BANG && s.startsWith('<![CDATA[', this.pos)) {
        this.fail('SPINDLE_CODEC_INVALID_REQUEST', 'unexpected text where an element was expected');
      }
      if (c === SLASH)
        this.fail('SPINDLE_CODEC_INVALID_REQUEST', 'unexpected end tag where an element was expected');
      this.malformed('invalid start of a tag');
    }
    const nameStart = i;
    do c = s.charCodeAt(++i);
    while (isNameChar(c));
    const name = s.slice(nameStart, i);
    if (++this.elements > this.limits.maxElements) {
      this.fail(
        'SPINDLE_CODEC_LIMIT_EXCEEDED',
        `more than maxElements (${this.limits.maxElements}) elements`,
      );
    }
    if (c === GT) {
      this.pos = i + 1;
      this.empty = false;
      return name;
    }
    this.pos = i;
    skipAttributes(this);
    return name;
  }

  /**
   * Consumes the start tag `tag` (its full text, e.g. `<member>`) when the cursor
   * is exactly at it: the fast path for the tags well-behaved writers send.
   */
  public tryStartTag(tag: string): boolean {
    const s = this.s;
    const p = this.pos;
    for (let i = 0; i < tag.length; i++) if (s.charCodeAt(p + i) !== tag.charCodeAt(i)) return false;
    if (++this.elements > this.limits.maxElements) {
      this.fail(
        'SPINDLE_CODEC_LIMIT_EXCEEDED',
        `more than maxElements (${this.limits.maxElements}) elements`,
      );
    }
    this.pos = p + tag.length;
    this.empty = false;
    return true;
  }

  /** Reads `</name>` (white space allowed before `>`); anything else is not well formed. */
  public readEndTag(name: string): void {
    const s = this.s;
    const p = this.pos;
    let match = s.charCodeAt(p) === LT && s.charCodeAt(p + 1) === SLASH;
    for (let k = 0; match && k < name.length; k++) match = s.charCodeAt(p + 2 + k) === name.charCodeAt(k);
    if (match) {
      let i = p + 2 + name.length;
      let c = s.charCodeAt(i);
      if (c === GT) {
        this.pos = i + 1;
        return;
      }
      while (isSpace(c)) c = s.charCodeAt(++i);
      if (c === GT) {
        this.pos = i + 1;
        return;
      }
    }
    if (p >= s.length) this.malformed(`unexpected end of the document; expected </${name}>`);
    if (s.charCodeAt(p) === LT && s.charCodeAt(p + 1) !== SLASH) {
      this.fail('SPINDLE_CODEC_INVALID_REQUEST', `unexpected element; expected </${name}>`);
    }
    if (s.charCodeAt(p) !== LT)
      this.fail('SPINDLE_CODEC_INVALID_REQUEST', `unexpected text; expected </${name}>`);
    this.malformed(`mismatched end tag; expected </${name}>`);
  }

  /**
   * Reads character data up to the next tag: entities and character references
   * decoded, CDATA sections included, comments and processing instructions
   * dropped, line ends normalised as XML requires.
   */
  public readText(): string {
    const s = this.s;
    const start = this.pos;
    const end = s.indexOf('<', start);
    if (end === -1) this.malformed('unexpected end of the document inside text', s.length);
    const next = s.charCodeAt(end + 1);
    this.pos = end;
    if (next !== BANG && next !== QUESTION) {
      return end === start ? '' : this.cook(s.slice(start, end), start);
    }
    return this.readMixedText(start);
  }

  private readMixedText(start: number): string {
    const s = this.s;
    let text = '';
    let from = start;
    for (;;) {
      const end = s.indexOf('<', from);
      if (end === -1) this.malformed('unexpected end of the document inside text', s.length);
      if (end > from) text += this.cook(s.slice(from, end), from);
      this.pos = end;
      if (s.startsWith('<![CDATA[', end)) {
        const close = s.indexOf(']]>', end + 9);
        if (close === -1) this.malformed('unterminated CDATA section');
        const raw = s.slice(end + 9, close);
        this.checkChars(raw, end + 9);
        text += this.hasCr ? normaliseLineEnds(raw) : raw;
        from = close + 3;
      } else if (s.startsWith('<!--', end)) {
        skipComment(this);
        from = this.pos;
      } else if (s.charCodeAt(end + 1) === QUESTION) {
        skipPi(this);
        from = this.pos;
      } else {
        return text;
      }
    }
  }

  /** Refuses text holding a character XML 1.0 forbids (fault −32702). */
  public checkChars(text: string, at: number): void {
    if (FORBIDDEN_CHAR.test(text)) {
      this.fail(
        'SPINDLE_CODEC_INVALID_CHARACTER',
        `the document holds a ${describeForbidden(text, false)}`,
        at + indexOfForbidden(text),
      );
    }
  }

  /** Counts elements matched outside {@link readStartTag}, e.g. by a whole-member fast path. */
  public countElements(n: number): void {
    this.elements += n;
    if (this.elements > this.limits.maxElements) {
      this.fail(
        'SPINDLE_CODEC_LIMIT_EXCEEDED',
        `more than maxElements (${this.limits.maxElements}) elements`,
      );
    }
  }

  private cook(raw: string, at: number): string {
    let text = raw;
    this.checkChars(text, at);
    if (this.hasCdataEnd && text.includes(']]>')) this.malformed('"]]>" in text', at + text.indexOf(']]>'));
    if (this.hasCr && text.includes('\r')) text = normaliseLineEnds(text);
    if (this.hasAmp && text.includes('&')) text = this.decodeEntities(text, at);
    return text;
  }

  /** `text` (found at `at`) with its entity and character references replaced. */
  public decodeEntities(text: string, at: number): string {
    return decodeEntities(this, text, at);
  }
}
