import { Buffer } from 'node:buffer';

import type { Tag } from './ByteSink.js';
import { CodecError } from './CodecError.js';
import type { EncodeOptions } from './EncodeOptions.js';
import { notDataReason, unboxed } from './instanceData.js';
import { keySegment } from './keySegment.js';
import { MemberTags } from './memberTag.js';
import { fail, PathFailure } from './PathFailure.js';
import { isInt32, isPlainRecord, prototypeIsClean } from './plainRecords.js';
import {
  ARRAY,
  BASE64,
  DATE,
  END_ARRAY,
  END_BASE64,
  END_DATE,
  END_INT,
  END_INT_MEMBER,
  END_MEMBER,
  END_NAME,
  END_STRING,
  END_STRING_MEMBER,
  END_STRUCT,
  END_STRUCT_VALUE,
  END_VALUE,
  FALSE,
  INT,
  MEMBER,
  NIL,
  NIL_UNDEFINED,
  STRING,
  STRUCT,
  TRUE,
  VALUE,
  VALUE_STRUCT,
} from './valueTags.js';
import { XmlRpcDateTime } from './XmlRpcDateTime.js';
import { XmlRpcDouble } from './XmlRpcDouble.js';
import { isI8Range, XmlRpcI8 } from './XmlRpcI8.js';
import { ScalarWriter } from './ScalarWriter.js';
import { XmlRpcInt } from './XmlRpcInt.js';
import { describeForbidden } from './xmlText.js';

/** Deeper than this is almost surely a mistake, and would overflow the stack long before a peer refused it. */
const MAX_ENCODE_DEPTH = 1000;

/** The writer waiting for the next message, if it is not busy with one. */
const pool: { idle: ValueWriter | undefined } = { idle: undefined };

/**
 * Writes values as XML-RPC `<value>` elements into one message's bytes. The
 * instance and its buffer are reused from one message to the next; a message
 * written while another is (a getter that encodes) gets a fresh one.
 */
export class ValueWriter extends ScalarWriter {
  private allowNone = true;
  /**
   * Whether `Object.prototype` has no enumerable property, checked once per
   * message at its first record (undefined until then: a message of scalars
   * never pays for the check); see {@link record}.
   */
  private cleanPrototype: boolean | undefined = undefined;
  private readonly ancestors: object[] = [];
  private readonly memberTags = new MemberTags();

  /**
   * A writer for one message; hand it back with {@link release}.
   * @param allowNone whether `null` and `undefined` may be written as nil (CPython's `allow_none`).
   * @param options `strictSpec` refuses what the XML-RPC spec lacks (`<i8>`, `<nil/>`);
   *   `largeIntegers: 'i8'` writes integral numbers beyond 32 bits as `<i8>`.
   */
  public static acquire(allowNone: boolean, options: EncodeOptions | undefined): ValueWriter {
    const writer = pool.idle ?? new ValueWriter();
    pool.idle = undefined;
    writer.reset();
    writer.allowNone = allowNone;
    writer.cleanPrototype = undefined;
    writer.strictSpec = options?.strictSpec === true;
    writer.largeIntegersAsI8 = options?.largeIntegers === 'i8';
    return writer;
  }

  /** Makes this writer available to the next message. */
  public release(): void {
    if (this.ancestors.length !== 0) this.ancestors.length = 0; // left over by a failure
    this.reset(); // drops a scratch buffer grown for one big message now, not at the next message
    pool.idle = this;
  }

  /** Writes `value` as one `<value>`; errors name the value's path under `root` (e.g. `params[2]`). */
  public write(value: unknown, root: string): void {
    try {
      this.tag(VALUE);
      this.value(value);
      this.tag(END_VALUE);
    } catch (error) {
      if (error instanceof PathFailure) {
        const path = root + error.segments.reverse().join('');
        throw new CodecError('SPINDLE_CODEC_UNENCODABLE', `cannot encode ${path}: ${error.message}`);
      }
      throw error;
    }
  }

  /** The typed element of `value`, between `<value>` and `</value>`. */
  private value(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.tag(STRING);
        if (!this.text(value)) fail(`string has a ${describeForbidden(value)}`);
        this.tag(END_STRING);
        return;
      case 'number':
        this.number(value);
        return;
      case 'boolean':
        this.tag(value ? TRUE : FALSE);
        return;
      case 'bigint':
        if (this.strictSpec) fail(`bigint ${value} needs <i8>, which strictSpec refuses`);
        if (!isI8Range(value)) fail(`bigint ${value} does not fit 64 bits`);
        this.i8(value);
        return;
      case 'object':
        if (value === null) {
          if (this.strictSpec) fail('null needs <nil/>, which strictSpec refuses');
          if (!this.allowNone) fail('null needs allowNone');
          this.tag(NIL);
          return;
        }
        this.object(value);
        return;
      case 'undefined':
        // A void result, an argument, an array item, a struct member: nil, spelt
        // so that Spindle reads it back as undefined and every other peer as nil.
        if (this.strictSpec) fail('undefined needs <nil/>, which strictSpec refuses');
        if (!this.allowNone) fail('undefined needs allowNone');
        this.tag(NIL_UNDEFINED);
        return;
      case 'symbol':
      case 'function':
        return fail(`a ${typeof value} is not an XML-RPC value`);
    }
  }

  private object(value: object): void {
    if (Array.isArray(value)) {
      this.array(value);
      return;
    }
    if (isPlainRecord(value)) {
      this.record(value);
      return;
    }
    if (value instanceof Uint8Array) {
      const bytes = Buffer.isBuffer(value)
        ? value
        : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      this.tag(BASE64);
      this.ascii(bytes.toString('base64'));
      this.tag(END_BASE64);
      return;
    }
    if (value instanceof Date) {
      const year = value.getUTCFullYear();
      if (!(year >= 0 && year <= 9999))
        fail(`a Date must be valid with a UTC year 0..9999, got ${String(value)}`);
      this.date(value, year);
      return;
    }
    if (value instanceof XmlRpcInt) {
      this.tag(INT);
      this.int(value.value);
      this.tag(END_INT);
      return;
    }
    if (value instanceof XmlRpcDouble) {
      this.double(value.value);
      return;
    }
    if (value instanceof XmlRpcI8) {
      if (this.strictSpec) fail(`XmlRpcI8 ${value.value} needs <i8>, which strictSpec refuses`);
      this.i8(value.value);
      return;
    }
    if (value instanceof XmlRpcDateTime) {
      this.tag(DATE);
      this.ascii(value.toCompactString());
      this.tag(END_DATE);
      return;
    }
    if (value instanceof Map) {
      this.enter(value);
      this.tag(STRUCT);
      for (const [key, member] of value as Map<unknown, unknown>) {
        if (typeof key !== 'string') fail(`a struct member name must be a string, got ${typeof key}`);
        this.member(key, member, -1);
      }
      this.tag(END_STRUCT);
      this.ancestors.pop();
      return;
    }
    this.instance(value);
  }

  /**
   * An instance of a class, written as JSON.stringify and CPython's marshaller
   * write one: the value its `toJSON()` returns, else its own enumerable
   * string-keyed properties as a struct. Reached only by objects no branch
   * above took, so plain data never pays for it.
   */
  private instance(value: object): void {
    const primitive = unboxed(value);
    if (primitive !== value) {
      this.value(primitive);
      return;
    }
    const reason = notDataReason(value);
    if (reason !== undefined) fail(reason);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const data: unknown = toJSON.call(value);
      if (data !== value) {
        // Entered so that a toJSON() giving back an object that holds this
        // instance is a cycle, and one giving ever new instances meets the depth limit.
        this.enter(value);
        this.value(data);
        this.ancestors.pop();
        return;
      }
    }
    this.struct(value as Record<string, unknown>);
  }

  /**
   * A plain object (or one without a prototype, or an instance's fields): its
   * own enumerable string keys; an `undefined` member is written as nil that
   * Spindle reads back as an own member holding `undefined`.
   */
  /**
   * A plain object or one without a prototype, as {@link struct} writes it.
   * `for…in` runs from V8's cache of the object's keys and reads each member
   * straight from its field, with no array of keys per object and no generic
   * lookup per member; it also walks the prototype chain, so it is used only
   * while `Object.prototype` has no enumerable property (a polluted prototype
   * takes the `Object.keys` road).
   */
  private record(record: Record<string, unknown>, open = STRUCT, close = END_STRUCT): void {
    this.cleanPrototype ??= prototypeIsClean();
    if (!this.cleanPrototype) {
      this.struct(record, open, close);
      return;
    }
    this.enter(record);
    this.tag(open);
    let i = 0;
    for (const key in record) this.member(key, record[key], i++);
    this.tag(close);
    this.ancestors.pop();
  }

  private struct(record: Record<string, unknown>, open = STRUCT, close = END_STRUCT): void {
    this.enter(record);
    this.tag(open);
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      this.member(key, record[key], i);
    }
    this.tag(close);
    this.ancestors.pop();
  }

  private array(items: readonly unknown[]): void {
    this.enter(items);
    this.tag(ARRAY);
    for (let i = 0; i < items.length; i++) {
      try {
        const item = items[i];
        if (isPlainRecord(item)) {
          this.record(item, VALUE_STRUCT, END_STRUCT_VALUE);
        } else {
          this.tag(VALUE);
          this.value(item);
          this.tag(END_VALUE);
        }
      } catch (error) {
        if (error instanceof PathFailure) error.segments.push(`[${i}]`);
        throw error;
      }
    }
    this.tag(END_ARRAY);
    this.ancestors.pop();
  }

  /** One member; `index` is its position in a plain object (−1 for a Map), for the name cache. */
  private member(key: string, member: unknown, index: number): void {
    try {
      this.tag(this.memberTags.at(key, index) ?? this.uncachedMemberStart(key));
      // The usual members, with their ends written in one go.
      if (typeof member === 'string') {
        this.tag(STRING);
        if (!this.text(member)) fail(`string has a ${describeForbidden(member)}`);
        this.tag(END_STRING_MEMBER);
      } else if (typeof member === 'number' && isInt32(member)) {
        this.tag(INT);
        this.int(member);
        this.tag(END_INT_MEMBER);
      } else {
        this.value(member);
        this.tag(END_MEMBER);
      }
    } catch (error) {
      if (error instanceof PathFailure) error.segments.push(keySegment(key));
      throw error;
    }
  }

  /** A name that needs escaping, or is too long to cache: written as it comes. */
  private uncachedMemberStart(key: string): Tag {
    this.tag(MEMBER);
    if (!this.text(key)) fail(`member name has a ${describeForbidden(key)}`);
    return END_NAME;
  }

  private enter(container: object): void {
    if (this.ancestors.includes(container)) fail('the value contains itself (a cycle)');
    if (this.ancestors.length >= MAX_ENCODE_DEPTH) fail(`nested deeper than ${MAX_ENCODE_DEPTH}`);
    this.ancestors.push(container);
  }
}
