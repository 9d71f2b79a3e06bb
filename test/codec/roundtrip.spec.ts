import assert from 'node:assert/strict';

import fc from 'fast-check';

import { XmlRpcDateTime } from '../../src/index.js';
import {
  decodeCall,
  decodeResponse,
  dumps,
  encodeCall,
  encodeResponse,
  loads,
} from '../../src/entries/codec.js';
import { deepStruct } from './structs.js';

// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
const FORBIDDEN = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

const xmlString = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !FORBIDDEN.test(s));
const markupString = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    '0',
    ' ',
    '\r',
    '\n',
    '\t',
    '<',
    '>',
    '&',
    ']]>',
    '"',
    "'",
    'é',
    '😀',
    '&amp;',
    '<!--',
  ),
  maxLength: 30,
});

/** Any instant with a UTC year 0..9999, milliseconds included: a `Date` comes back as the same `Date`. */
const date = fc.date({
  min: new Date('0000-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});

/** Naive date-times, which come back as they went only under `dateTimes: 'naive'`. */
const dateTime = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
  })
  .map(({ year, month, day, hour, minute, second }) => {
    const p = (n: number, w = 2): string => String(n).padStart(w, '0');
    return new XmlRpcDateTime(`${p(year, 4)}${p(month)}${p(day)}T${p(hour)}:${p(minute)}:${p(second)}`);
  });

// Integral numbers beyond 32 bits are written as exact doubles, so every double comes back.
const double = fc.double({ noNaN: true, noDefaultInfinity: true });

const bigI8 = fc
  .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
  .filter((b) => b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER));

const leaf = fc.oneof(
  fc.integer(),
  fc.maxSafeInteger(),
  double,
  fc.boolean(),
  xmlString,
  markupString,
  fc.constant(null),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  date,
  bigI8,
);

const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('struct')),
  // An undefined array item comes back as undefined (an undefined member is left out, as in JSON).
  array: fc.array(
    fc.oneof({ weight: 9, arbitrary: tie('value') }, { weight: 1, arbitrary: fc.constant(undefined) }),
    {
      maxLength: 5,
    },
  ),
  struct: fc
    .dictionary(fc.oneof(xmlString, fc.constantFrom('__proto__', 'constructor', '04', '')), tie('value'), {
      maxKeys: 5,
    })
    .map((record) => deepStruct(record)),
}));

/** The same document with comments after every <value> and <member>: defeats the decoder's fast paths. */
function withComments(xml: string): string {
  return xml.replaceAll('<value>', '<value><!-- c -->').replaceAll('<member>', '<member>\n <!-- m -->\n ');
}

describe('codec: property round trips', () => {
  it('decodeResponse(encodeResponse(v)) deep-equals v', () => {
    fc.assert(
      fc.property(value, (v) => {
        assert.deepStrictEqual(decodeResponse(encodeResponse(v)), v);
      }),
      { numRuns: 3000 },
    );
  });

  it('decodeCall(encodeCall(m, params)) gives m and params back', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_.:/]{1,40}$/),
        fc.array(value, { maxLength: 4 }),
        (method, params) => {
          const call = decodeCall(encodeCall(method, params));
          assert.deepStrictEqual({ method: call.method, params: call.params }, { method, params });
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('the general reader (comments everywhere) agrees with the fast paths', () => {
    fc.assert(
      fc.property(value, (v) => {
        const xml = encodeResponse(v).toString('utf8');
        assert.deepStrictEqual(decodeResponse(withComments(xml)), decodeResponse(xml));
      }),
      { numRuns: 1500 },
    );
  });

  it('naive date-times and null-prototype structs come back under the other decode options', () => {
    const naiveValue = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.oneof(dateTime, fc.integer(), xmlString), tie('struct')),
      struct: fc
        .dictionary(fc.oneof(xmlString, fc.constantFrom('__proto__', 'constructor')), tie('value'), {
          maxKeys: 4,
        })
        .map((record) => deepStruct(record, true)),
    })).value;
    fc.assert(
      fc.property(naiveValue, (v) => {
        const options = { dateTimes: 'naive', structs: 'null-prototype' } as const;
        assert.deepStrictEqual(decodeResponse(encodeResponse(v), undefined, options), v);
      }),
      { numRuns: 1000 },
    );
  });

  it('loads(dumps(params)) gives params back, with allowNone', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), (params) => {
        assert.deepStrictEqual(loads(dumps(params, { allowNone: true })), [params, null]);
      }),
      { numRuns: 1000 },
    );
  });
});
