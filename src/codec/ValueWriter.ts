import { Buffer } from 'node:buffer';

import { CodecError } from './CodecError.js';
import { formatDouble } from './formatDouble.js';
import { XmlRpcDateTime } from './XmlRpcDateTime.js';
import { XmlRpcDouble } from './XmlRpcDouble.js';
import { isI8Range, XmlRpcI8 } from './XmlRpcI8.js';
import { XmlRpcInt } from './XmlRpcInt.js';
import { describeForbidden, escapeText } from './xmlText.js';

/** Deeper than this is almost surely a mistake, and would overflow the stack long before a peer refused it. */
const MAX_ENCODE_DEPTH = 1000;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Thrown inside the writer; collects the path while unwinding so the happy path pays nothing for it. */
class PathFailure extends Error {
  public readonly segments: string[] = [];
}

function fail(reason: string): never {
  throw new PathFailure(reason);
}

function keySegment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function text(value: string): string {
  const escaped = escapeText(value);
  return escaped ?? fail(`string has a ${describeForbidden(value)}`);
}

/**
 * Writes values as XML-RPC `<value>` elements into one string. One writer
 * serves one message; `out` is the text written so far.
 */
export class ValueWriter {
  public out = '';
  private readonly ancestors: object[] = [];

  /** @param allowNone whether `null` may be written as `<nil/>` (CPython's `allow_none`). */
  public constructor(private readonly allowNone = true) {}

  /** Writes `value` as one `<value>`; errors name the value's path under `root` (e.g. `params[2]`). */
  public write(value: unknown, root: string): void {
    try {
      this.value(value);
    } catch (error) {
      if (error instanceof PathFailure) {
        const path = root + error.segments.reverse().join('');
        throw new CodecError('SPINDLE_CODEC_UNENCODABLE', `cannot encode ${path}: ${error.message}`);
      }
      throw error;
    }
  }

  private value(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.out += `<value><string>${text(value)}</string></value>`;
        return;
      case 'number':
        this.number(value);
        return;
      case 'boolean':
        this.out += value ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>';
        return;
      case 'bigint':
        if (!isI8Range(value)) fail(`bigint ${value} does not fit 64 bits`);
        this.out += `<value><i8>${value}</i8></value>`;
        return;
      case 'object':
        if (value === null) {
          if (!this.allowNone) fail('null needs allowNone');
          this.out += '<value><nil/></value>';
          return;
        }
        this.object(value);
        return;
      case 'undefined':
        return fail('undefined is not an XML-RPC value (use null for nil)');
      case 'symbol':
      case 'function':
        return fail(`a ${typeof value} is not an XML-RPC value`);
    }
  }

  private number(value: number): void {
    // -0 goes out as a double so its sign survives the round trip.
    if (Number.isInteger(value) && !Object.is(value, -0)) {
      if (value >= -2147483648 && value <= 2147483647) {
        this.out += `<value><int>${value}</int></value>`;
        return;
      }
      if (Math.abs(value) < 9223372036854775808) {
        this.out += `<value><i8>${BigInt(value)}</i8></value>`;
        return;
      }
    } else if (!Number.isFinite(value)) {
      fail(`${value} is not representable in XML-RPC`);
    }
    this.out += `<value><double>${formatDouble(value)}</double></value>`;
  }

  private object(value: object): void {
    if (Array.isArray(value)) {
      this.enter(value);
      this.out += '<value><array><data>';
      const items: readonly unknown[] = value;
      for (let i = 0; i < items.length; i++) {
        try {
          this.value(items[i]);
        } catch (error) {
          if (error instanceof PathFailure) error.segments.push(`[${i}]`);
          throw error;
        }
      }
      this.out += '</data></array></value>';
      this.ancestors.pop();
      return;
    }
    if (value instanceof Uint8Array) {
      const bytes = Buffer.isBuffer(value)
        ? value
        : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      this.out += `<value><base64>${bytes.toString('base64')}</base64></value>`;
      return;
    }
    if (value instanceof Date) {
      const year = value.getUTCFullYear();
      if (!(year >= 0 && year <= 9999))
        fail(`a Date must be valid with a UTC year 0..9999, got ${String(value)}`);
      this.out += `<value><dateTime.iso8601>${XmlRpcDateTime.compactOf(value)}</dateTime.iso8601></value>`;
      return;
    }
    if (value instanceof XmlRpcInt) {
      this.out += `<value><int>${value.value}</int></value>`;
      return;
    }
    if (value instanceof XmlRpcDouble) {
      this.out += `<value><double>${formatDouble(value.value)}</double></value>`;
      return;
    }
    if (value instanceof XmlRpcI8) {
      this.out += `<value><i8>${value.value}</i8></value>`;
      return;
    }
    if (value instanceof XmlRpcDateTime) {
      this.out += `<value><dateTime.iso8601>${value.toCompactString()}</dateTime.iso8601></value>`;
      return;
    }
    if (value instanceof Map) {
      this.enter(value);
      this.out += '<value><struct>';
      for (const [key, member] of value as Map<unknown, unknown>) {
        if (typeof key !== 'string') fail(`a struct member name must be a string, got ${typeof key}`);
        this.member(key, member);
      }
      this.out += '</struct></value>';
      this.ancestors.pop();
      return;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      fail(
        `a ${typeof name === 'string' ? name : 'class'} instance is not an XML-RPC value (use a plain object)`,
      );
    }
    const record = value as Record<string, unknown>;
    this.enter(record);
    this.out += '<value><struct>';
    const keys = Object.keys(record);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      this.member(key, record[key]);
    }
    this.out += '</struct></value>';
    this.ancestors.pop();
  }

  private member(key: string, member: unknown): void {
    try {
      const name = escapeText(key) ?? fail(`member name has a ${describeForbidden(key)}`);
      this.out += `<member><name>${name}</name>`;
      this.value(member);
      this.out += '</member>';
    } catch (error) {
      if (error instanceof PathFailure) error.segments.push(keySegment(key));
      throw error;
    }
  }

  private enter(container: object): void {
    if (this.ancestors.includes(container)) fail('the value contains itself (a cycle)');
    if (this.ancestors.length >= MAX_ENCODE_DEPTH) fail(`nested deeper than ${MAX_ENCODE_DEPTH}`);
    this.ancestors.push(container);
  }
}
