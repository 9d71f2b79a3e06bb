import { Buffer } from 'node:buffer';

import { CodecError } from './CodecError.js';
import { escapeText } from './xmlText.js';

/**
 * Markup known at load time, packed for {@link ByteSink.tag}: element 0 is the
 * byte length, the rest are the bytes as little-endian 32-bit words.
 */
export type Tag = Uint32Array;

/** Packs ASCII `text` (markup, never user data) as a {@link Tag}. */
export function tagOf(text: string): Tag {
  const words = Math.ceil(text.length / 4);
  const bytes = Buffer.alloc(words * 4);
  bytes.write(text, 'latin1');
  const tag = new Uint32Array(words + 1);
  tag[0] = text.length;
  for (let i = 0; i < words; i++) tag[i + 1] = bytes.readUInt32LE(i * 4);
  return tag;
}

/** What each ASCII code unit needs in element content: 0 copy, 1 escape, 2 forbidden by XML 1.0. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 32; c++) ASCII_CLASS[c] = 2;
ASCII_CLASS[9] = 0; // tab
ASCII_CLASS[10] = 0; // line feed
ASCII_CLASS[13] = 1; // '\r' becomes &#13;, or end-of-line handling would turn it into '\n'
ASCII_CLASS[38] = 1; // &
ASCII_CLASS[60] = 1; // <
ASCII_CLASS[62] = 1; // >

/** Longer strings go to the native UTF-8 writer in one call; shorter ones are cheaper to copy here. */
const SHORT_TEXT = 48;
const INITIAL_SIZE = 64 * 1024;
/** A scratch buffer grown beyond this for one big message is not kept for the next. */
const MAX_RETAINED = 4 * 1024 * 1024;
/** Word writes may spill up to 3 bytes past the end of a tag; this much room always stays free. */
const SLACK = 8;
/**
 * How far past `maxBytes` a write may ask for room: short text asks for its
 * worst case (5 bytes a character, at most 48), which may not all be used. The
 * real size is checked at the end.
 */
const ESTIMATE = 5 * SHORT_TEXT;

/**
 * An append-only byte buffer for one message. Markup goes in as whole 32-bit
 * words through a DataView (about four times faster than byte by byte, and
 * far faster than concatenating strings and encoding them at the end); short
 * ASCII text is copied and escaped in one pass; everything else goes through
 * the native UTF-8 writer. The buffer is reused from one message to the next.
 */
export class ByteSink {
  protected buf: Buffer;
  protected view: DataView;
  /** Bytes written so far. */
  protected pos = 0;
  /** Writes must stay below this (the buffer's length minus {@link SLACK}). */
  private limit: number;
  /** Most bytes the message may take ({@link limitTo}); unbounded unless set. */
  private maxBytes = Infinity;

  public constructor() {
    this.buf = Buffer.allocUnsafeSlow(INITIAL_SIZE);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.limit = INITIAL_SIZE - SLACK;
  }

  /** Makes room for `n` more bytes. */
  protected ensure(n: number): void {
    if (this.pos + n > this.limit) this.grow(n);
  }

  private grow(n: number): void {
    // Stop as soon as the message cannot fit: a capped message never costs more than its cap.
    if (this.pos + n > this.maxBytes + ESTIMATE) throw this.tooLarge();
    let size = this.buf.length * 2;
    while (size - SLACK < this.pos + n) size *= 2;
    size = Math.min(size, this.maxBytes + ESTIMATE + SLACK);
    const bigger = Buffer.allocUnsafeSlow(size);
    this.buf.copy(bigger, 0, 0, this.pos);
    this.setBuffer(bigger);
  }

  private setBuffer(buf: Buffer): void {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.limit = buf.length - SLACK;
  }

  /**
   * Caps the message being written at `maxBytes`: past it, writing fails with
   * `SPINDLE_CODEC_LIMIT_EXCEEDED` as soon as it is sure not to fit, before
   * the buffer grows further. Undefined leaves it unbounded.
   */
  public limitTo(maxBytes: number | undefined): void {
    this.maxBytes = maxBytes ?? Infinity;
  }

  private tooLarge(): CodecError {
    return new CodecError(
      'SPINDLE_CODEC_LIMIT_EXCEEDED',
      `the message is larger than maxBytes (${this.maxBytes} bytes)`,
    );
  }

  /** Starts a new message. */
  protected reset(): void {
    this.pos = 0;
    this.maxBytes = Infinity;
    if (this.buf.length > MAX_RETAINED) this.setBuffer(Buffer.allocUnsafeSlow(INITIAL_SIZE));
  }

  /** Appends markup packed by {@link tagOf}. */
  public tag(t: Tag): void {
    const n = t[0] as number;
    if (this.pos + n > this.limit) this.grow(n);
    const view = this.view;
    const p = this.pos - 4;
    for (let i = 1; i < t.length; i++) view.setUint32(p + 4 * i, t[i] as number, true);
    this.pos += n;
  }

  /** Appends text known to be ASCII with nothing to escape (digits, base64, dates). */
  public ascii(text: string): void {
    const n = text.length;
    if (this.pos + n > this.limit) this.grow(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  /**
   * Appends `text` escaped as element content; returns false (writing nothing)
   * when it holds a character XML 1.0 forbids.
   */
  public text(text: string): boolean {
    const n = text.length;
    if (n > SHORT_TEXT) return this.otherText(text);
    // An escape is at most 5 bytes (&amp; &#13;) for one ASCII code unit.
    if (this.pos + 5 * n > this.limit) this.grow(5 * n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128) return this.otherText(text);
      const kind = ASCII_CLASS[c];
      if (kind === 0) {
        buf[p++] = c;
      } else if (kind === 1) {
        // &amp; &lt; &gt; &#13;
        buf[p] = 38;
        if (c === 38) {
          buf[p + 1] = 97;
          buf[p + 2] = 109;
          buf[p + 3] = 112;
          buf[p + 4] = 59;
          p += 5;
        } else if (c === 13) {
          buf[p + 1] = 35;
          buf[p + 2] = 49;
          buf[p + 3] = 51;
          buf[p + 4] = 59;
          p += 5;
        } else {
          buf[p + 1] = c === 60 ? 108 : 103;
          buf[p + 2] = 116;
          buf[p + 3] = 59;
          p += 4;
        }
      } else {
        return false;
      }
    }
    this.pos = p;
    return true;
  }

  /** Long or non-ASCII text: one regex pass to escape, one native call to encode. */
  private otherText(text: string): boolean {
    // Every character takes a byte at least: past the cap, nothing to escape or measure.
    if (this.pos + text.length > this.maxBytes + ESTIMATE) throw this.tooLarge();
    const escaped = escapeText(text);
    if (escaped === undefined) return false;
    const worst = 3 * escaped.length;
    // Near the cap, the worst case would refuse text that fits: count its bytes.
    this.ensure(this.pos + worst > this.maxBytes ? Buffer.byteLength(escaped, 'utf8') : worst);
    this.pos += this.buf.write(escaped, this.pos, 'utf8');
    return true;
  }

  /** Appends the decimal digits of an integer within ±2^32. */
  public int(value: number): void {
    if (this.pos + 12 > this.limit) this.grow(12);
    const buf = this.buf;
    let p = this.pos;
    let v = value;
    if (v < 0) {
      buf[p++] = 45;
      v = -v;
    }
    if (v < 10) {
      buf[p] = 48 + v;
      this.pos = p + 1;
      return;
    }
    let digits = 2;
    for (let t = 100; t <= v; t *= 10) digits++;
    let q = p + digits;
    this.pos = q;
    while (v >= 10) {
      const t = (v / 10) >>> 0;
      buf[--q] = 48 + v - 10 * t;
      v = t;
    }
    buf[q - 1] = 48 + v;
  }

  /**
   * Appends a double that is exactly the nearest double to a decimal with at
   * most three fraction digits (prices, ratios) in plain notation, as
   * `formatDouble` would (fewer than 15 significant digits, so it is also the
   * shortest form); returns false, writing nothing, for any other value.
   */
  public shortDecimal(value: number): boolean {
    const scaled = Math.round(value * 1000);
    // Also leaves out 0 and −0 (whose sign this would lose) and NaN.
    if (!(scaled !== 0 && scaled / 1000 === value && scaled > -2e12 && scaled < 2e12)) return false;
    if (this.pos + 20 > this.limit) this.grow(20);
    let m = scaled;
    if (m < 0) {
      this.buf[this.pos++] = 45;
      m = -m;
    }
    const whole = Math.floor(m / 1000);
    let fraction = m - whole * 1000;
    this.int(whole);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 46;
    if (fraction === 0) {
      buf[p++] = 48;
    } else {
      // three digits, without trailing zeros
      let digits = 3;
      while (fraction % 10 === 0) {
        fraction /= 10;
        digits--;
      }
      for (let k = digits - 1; k >= 0; k--) {
        buf[p + k] = 48 + (fraction % 10);
        fraction = Math.floor(fraction / 10);
      }
      p += digits;
    }
    this.pos = p;
    return true;
  }

  /** Appends `value` (0..99) as exactly two digits. */
  public twoDigits(value: number): void {
    const t = (value / 10) >>> 0;
    this.buf[this.pos] = 48 + t;
    this.buf[this.pos + 1] = 48 + value - 10 * t;
    this.pos += 2;
  }

  /** The message written so far, as a Buffer of its own. */
  public toBuffer(): Buffer {
    if (this.pos > this.maxBytes) throw this.tooLarge();
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }

  /** The message written so far, as text. */
  public toText(): string {
    if (this.pos > this.maxBytes) throw this.tooLarge();
    return this.buf.toString('utf8', 0, this.pos);
  }
}
