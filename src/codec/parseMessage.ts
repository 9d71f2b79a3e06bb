import type { DecodeLimits } from './DecodeLimits.js';
import type { ResolvedDecodeOptions } from './DecodeOptions.js';
import { decodeInput } from './decodeInput.js';
import { FAST_PARAM } from './fastPaths.js';
import { Fault, markReceived } from './Fault.js';
import type { Struct } from './newStruct.js';
import { ValueFailure } from './ValueFailure.js';
import { ValueParser } from './ValueParser.js';

/** A decoded message before the caller decides which kinds it accepts. */
export type ParsedMessage =
  | {
      readonly kind: 'call';
      readonly method: string;
      readonly params: unknown[];
      /** Whether the call used `<i8>`, so its sender reads it. */
      readonly usedI8: boolean;
    }
  | { readonly kind: 'response'; readonly params: unknown[] }
  | { readonly kind: 'fault'; readonly fault: Fault }
  | { readonly kind: 'params'; readonly params: unknown[] };

const METHOD_NAME = /^[A-Za-z0-9_.:/]+$/;

/** Whether code unit `c` may appear in a method name (the class of {@link METHOD_NAME}). */
function isMethodNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || // a-z
    (c >= 65 && c <= 90) || // A-Z
    (c >= 46 && c <= 58) || // . / 0-9 :
    c === 95 // _
  );
}

/**
 * Where a method name of {@link METHOD_NAME}'s characters that starts at `from`
 * ends, when `</` follows it at once (so no white space, reference, comment or
 * CDATA needs the general reader); otherwise -1.
 */
function plainMethodNameEnd(s: string, from: number): number {
  let i = from;
  while (isMethodNameChar(s.charCodeAt(i))) i++;
  return i > from && s.charCodeAt(i) === 60 && s.charCodeAt(i + 1) === 47 ? i : -1;
}

/**
 * Reads one XML-RPC document; the one place that knows the message grammar
 * (`<methodCall>`, `<methodResponse>`, `<params>`, `<fault>`). The values
 * inside are read by {@link ValueParser}.
 */
class MessageParser extends ValueParser {
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

  private call(): ParsedMessage {
    const sc = this.sc;
    let method = '';
    let plain = false;
    if (!this.expect('methodName', '<methodName>')) {
      const end = plainMethodNameEnd(sc.s, sc.pos);
      if (end !== -1) {
        // the usual `<methodName>add</methodName>`: no text to cook, trim or check again
        method = sc.s.slice(sc.pos, end);
        sc.pos = end;
        plain = true;
      } else {
        method = sc.readText();
      }
      sc.readEndTag('methodName');
      if (!plain) method = method.trim();
    }
    if (method.length > this.limits.maxMethodNameLength) {
      sc.fail(
        'SPINDLE_CODEC_LIMIT_EXCEEDED',
        `the method name has ${method.length} characters, more than maxMethodNameLength (${this.limits.maxMethodNameLength})`,
      );
    }
    if (!plain && !METHOD_NAME.test(method)) {
      this.invalid(
        `the method name ${JSON.stringify(method.slice(0, 64))} is empty or has characters outside A-Z a-z 0-9 _ . : /`,
      );
    }
    sc.skipMisc();
    let params: unknown[] = [];
    if (!sc.atEndTag()) params = this.expect('params', '<params>') ? [] : this.params();
    sc.skipMisc();
    sc.readEndTag('methodCall');
    return { kind: 'call', method, params, usedI8: this.usedI8 };
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
        params.push(this.plainParam(params.length, sc.pos + 14, end - 16));
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
    else if (tag === 'struct')
      value = sc.empty ? this.emptyStruct() : this.rootValue('fault', () => this.struct(1));
    else this.invalid(`<fault> holds <${tag}>, not a <value> with a <struct>`);
    const proto: unknown = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : 0;
    if (Array.isArray(value) || (proto !== null && proto !== Object.prototype)) {
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
    return markReceived(new Fault(faultCode, text, extra));
  }

  /** A param a fast path matched (see {@link PlainValueReader.plainValue}); no closure, unlike {@link rootValue}. */
  private plainParam(index: number, start: number, end: number): unknown {
    try {
      return this.plainValue(start, end);
    } catch (error) {
      return this.rootFailure(index, error);
    }
  }

  /** Parses a root value (a param, by index, or the fault) and turns failures inside it into errors naming its path. */
  private rootValue(rootOrIndex: string | number, parse: () => unknown): unknown {
    try {
      return parse();
    } catch (error) {
      return this.rootFailure(rootOrIndex, error);
    }
  }

  /** Rethrows a failure inside a root value as an error naming its path. */
  private rootFailure(rootOrIndex: string | number, error: unknown): never {
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

/** Decodes any XML-RPC document: a call, a response, a fault, or a bare `<params>` (as `dumps` writes). */
export function parseMessage(
  input: Buffer | Uint8Array | string,
  limits: DecodeLimits,
  decoding: ResolvedDecodeOptions,
): ParsedMessage {
  return new MessageParser(decodeInput(input, limits), limits, decoding).parse();
}
