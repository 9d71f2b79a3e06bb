import fc from 'fast-check';

import { encodeCall, encodeResponse } from '../../src/codec/index.js';

/** XML-RPC values JS can express: the letters a fuzzer starts from. */
export const xmlRpcValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.string({ maxLength: 40 }),
    fc.constant(null),
    fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes)),
    fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2200-01-01T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 5, noNullPrototype: false }),
  ),
})).value;

/** A method name from the allowed alphabet, sometimes a hostile one. */
const methodName = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.:/]{0,20}$/),
  fc.constantFrom(
    'add',
    'echo',
    'system.multicall',
    'system.listMethods',
    '__proto__',
    'constructor',
    'toString',
  ),
);

/** A valid encoded `<methodCall>` (values the encoder refuses, e.g. C0 controls, are dropped). */
export const validCall: fc.Arbitrary<Buffer> = fc
  .tuple(methodName, fc.array(xmlRpcValue, { maxLength: 4 }))
  .map(([method, params]) => {
    try {
      return encodeCall(method, params);
    } catch {
      return encodeCall('echo', []);
    }
  });

/** A valid encoded `<methodResponse>`. */
export const validResponse: fc.Arbitrary<Buffer> = xmlRpcValue.map((value) => {
  try {
    return encodeResponse(value);
  } catch {
    return encodeResponse(0);
  }
});

/** Fragments that reach the decoder's hard paths when spliced into a message (the fuzzers' dictionary). */
export const TOKENS = [
  '<!DOCTYPE x [<!ENTITY a "b">]>',
  '<!ENTITY % p SYSTEM "http://127.0.0.1:9/">',
  '&a;',
  '&#0;',
  '&#xD800;',
  '&#1114112;',
  '&lt;',
  '&amp',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?xml version="1.0" encoding="UTF-16"?>',
  '<value>',
  '</value>',
  '<array><data>',
  '</data></array>',
  '<struct><member><name>__proto__</name><value>',
  '</value></member></struct>',
  '<int>',
  '99999999999999999999',
  '<i8>-9223372036854775809</i8>',
  '<double>1e999</double>',
  '<dateTime.iso8601>',
  '<base64>',
  '====',
  '<nil/>',
  '<ex:serializable>',
  'xmlns:ex="urn:x"',
  '<fault>',
  '<params>',
  '</params>',
  '\u0000',
  '\u0001',
  '\uFFFE',
  '\r\n',
  '"',
  "'",
  '<',
  '>',
  '/',
] as const;

/** One mutation of a message: what to do, where, and with which byte or token. */
export const mutation = fc.record({
  kind: fc.constantFrom('flip', 'insert', 'token', 'delete', 'duplicate', 'truncate', 'invalidUtf8'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 64 }),
  byte: fc.integer({ min: 0, max: 255 }),
  token: fc.constantFrom(...TOKENS),
});

/** A value of {@link mutation}. */
export type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** Applies one mutation to `input` (a new buffer; `input` is not changed). */
export function mutate(input: Buffer, m: Mutation): Buffer {
  const at = input.length === 0 ? 0 : m.at % (input.length + 1);
  const before = input.subarray(0, at);
  const after = input.subarray(at);
  switch (m.kind) {
    case 'flip': {
      const copy = Buffer.from(input);
      if (copy.length > 0) copy[at % copy.length] = m.byte;
      return copy;
    }
    case 'insert':
      return Buffer.concat([before, Buffer.alloc(Math.min(m.length, 8), m.byte), after]);
    case 'token':
      return Buffer.concat([before, Buffer.from(m.token, 'utf8'), after]);
    case 'delete':
      return Buffer.concat([before, input.subarray(Math.min(input.length, at + m.length))]);
    case 'duplicate':
      return Buffer.concat([before, input.subarray(at, at + m.length), after]);
    case 'truncate':
      return before;
    case 'invalidUtf8':
      return Buffer.concat([before, Buffer.from([0xc3 ^ (m.byte & 1), m.byte | 0x80, 0xff]), after]);
  }
}

/** `base` with 1–4 mutations applied. */
export function mutated(base: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  return fc
    .tuple(base, fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([input, mutations]) => mutations.reduce(mutate, input));
}

/** Arbitrary bytes, and arbitrary text (which reaches further into the XML reader). */
export const arbitraryInput: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ maxLength: 256, unit: 'binary' }).map((text) => Buffer.from(text, 'utf8')),
  fc
    .array(fc.constantFrom(...TOKENS), { maxLength: 24 })
    .map((parts) => Buffer.from(`<methodCall><methodName>x</methodName>${parts.join('')}`, 'utf8')),
);
