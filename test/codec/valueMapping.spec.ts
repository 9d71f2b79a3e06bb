import assert from 'node:assert/strict';

import { SpindleError, XmlRpcDateTime, XmlRpcI8 } from '../../src/index.js';
import {
  decodeCall,
  decodeResponse,
  DEFAULT_DECODE_OPTIONS,
  dumps,
  encodeCall,
  encodeResponse,
  loads,
} from '../../src/entries/codec.js';
import { response } from './structs.js';

/** The XML of `encodeResponse(value)` between `<param>` and `</param>`. */
function valueXml(value: unknown, options?: Parameters<typeof encodeResponse>[1]): string {
  const text = encodeResponse(value, options).toString('utf8');
  return text.slice(text.indexOf('<param>') + 7, text.indexOf('</param>'));
}

const call = (params: string): string =>
  `<methodCall><methodName>f</methodName><params>${params}</params></methodCall>`;

describe('codec: the value mapping (docs/codec.md)', () => {
  describe('null and undefined', () => {
    it('writes null as <nil/> and undefined as <nil></nil>, and reads each back as itself', () => {
      assert.equal(valueXml(null), '<value><nil/></value>');
      assert.equal(valueXml(undefined), '<value><nil></nil></value>');
      assert.equal(decodeResponse(encodeResponse(null)), null);
      assert.equal(decodeResponse(encodeResponse(undefined)), undefined);
    });

    it('keeps undefined array items, struct members and Map entries as own undefined members', () => {
      assert.deepStrictEqual(decodeResponse(encodeResponse([1, undefined, null])), [1, undefined, null]);
      const members = { a: 1, email: undefined, b: null };
      const xml = valueXml(members);
      assert.match(xml, /<member><name>email<\/name><value><nil><\/nil><\/value><\/member>/);
      const decoded = decodeResponse(encodeResponse(members)) as Record<string, unknown>;
      assert.deepStrictEqual(decoded, members);
      assert.ok(Object.hasOwn(decoded, 'email'));
      assert.deepStrictEqual(Object.keys(decoded), ['a', 'email', 'b']);
      const map = new Map<string, unknown>([
        ['a', undefined],
        ['b', 2],
      ]);
      assert.deepStrictEqual(decodeResponse(encodeResponse(map)), { a: undefined, b: 2 });
      // In a call too: the method gets the member it was sent, holding undefined.
      const [argument] = decodeCall(encodeCall('f', [{ name: 'Ada', email: undefined }])).params as [object];
      assert.deepStrictEqual(argument, { name: 'Ada', email: undefined });
      assert.ok(Object.hasOwn(argument, 'email'));
    });

    it('sends exactly the arguments given, a trailing undefined as nil (f(1) one, f(1, undefined) two)', () => {
      const decoded = decodeCall(encodeCall('f', [undefined, 2, undefined, undefined]));
      assert.deepStrictEqual(decoded.params, [undefined, 2, undefined, undefined]);
      assert.equal(decoded.params.length, 4);
      assert.equal(decodeCall(encodeCall('f', [1])).params.length, 1);
      assert.deepStrictEqual(decodeCall(encodeCall('f', [1, undefined])).params, [1, undefined]);
      assert.match(
        encodeCall('f', [1, undefined]).toString(),
        /<param><value><int>1<\/int><\/value><\/param><param><value><nil><\/nil><\/value><\/param><\/params>/,
      );
      // The only argument, undefined: one parameter, so a one-parameter method's count check passes.
      assert.deepStrictEqual(decodeCall(encodeCall('lookup', [undefined])).params, [undefined]);
      assert.deepStrictEqual(decodeCall(encodeCall('f', [null])).params, [null]);
      assert.deepStrictEqual(decodeCall(encodeCall('f', [])).params, []);
    });

    it('reads nil from other peers as null wherever it is', () => {
      assert.deepStrictEqual(decodeCall(call('<param><value><nil/></value></param>')).params, [null]);
      assert.deepStrictEqual(
        decodeResponse(response('<array><data><value><ex:nil/></value></data></array>')),
        [null],
      );
    });

    it('needs allowNone in dumps for undefined as for null, and refuses both under strictSpec', () => {
      assert.throws(() => dumps([undefined, 1]), /params\[0\]: undefined needs allowNone/);
      assert.match(dumps([undefined, 1], { allowNone: true }), /<nil><\/nil>/);
      assert.deepStrictEqual(loads(dumps([undefined, 1], { allowNone: true })), [[undefined, 1], null]);
      assert.throws(() => encodeResponse([undefined], { strictSpec: true }), /result\[0\]: undefined needs/);
      assert.throws(
        () => encodeResponse({ name: 'Ada', email: undefined }, { strictSpec: true }),
        /result\.email: undefined needs <nil\/>, which strictSpec refuses/,
      );
      assert.throws(
        () => encodeCall('f', [1, undefined], { strictSpec: true }),
        /params\[1\]: undefined needs <nil\/>, which strictSpec refuses/,
      );
      assert.throws(() => dumps([{ email: undefined }]), /params\[0\]\.email: undefined needs allowNone/);
    });
  });

  describe('date-times', () => {
    const zoneless = response('<dateTime.iso8601>20260102T03:04:05</dateTime.iso8601>');
    const fraction = response('<dateTime.iso8601>19980717T14:08:05.123</dateTime.iso8601>');

    it('reads a zone-less dateTime as a UTC Date by default, in responses and in calls', () => {
      assert.deepStrictEqual(decodeResponse(zoneless), new Date(Date.UTC(2026, 0, 2, 3, 4, 5)));
      const params = decodeCall(
        call('<param><value><dateTime.iso8601>2026-01-02T03:04:05</dateTime.iso8601></value></param>'),
      ).params;
      assert.ok(params[0] instanceof Date);
      assert.equal(params[0].toISOString(), '2026-01-02T03:04:05.000Z');
    });

    it("reads a zone-less dateTime as an XmlRpcDateTime with dateTimes: 'naive', and a zoned one as a Date", () => {
      const naive = decodeResponse(zoneless, undefined, { dateTimes: 'naive' });
      assert.ok(naive instanceof XmlRpcDateTime);
      assert.equal(naive.value, '20260102T03:04:05');
      const zoned = decodeResponse(
        response('<dateTime.iso8601>20260102T03:04:05+01:00</dateTime.iso8601>'),
        undefined,
        { dateTimes: 'naive' },
      );
      assert.deepStrictEqual(zoned, new Date(Date.UTC(2026, 0, 2, 2, 4, 5)));
      const args = decodeCall(
        call('<param><value><dateTime.iso8601>20260102T03:04:05</dateTime.iso8601></value></param>'),
        undefined,
        { dateTimes: 'naive' },
      ).params;
      assert.ok(args[0] instanceof XmlRpcDateTime);
    });

    it('reads fractional seconds into milliseconds, in both modes', () => {
      assert.equal((decodeResponse(fraction) as Date).getTime(), Date.UTC(1998, 6, 17, 14, 8, 5, 123));
      const naive = decodeResponse(fraction, undefined, { dateTimes: 'naive' }) as XmlRpcDateTime;
      assert.equal(naive.millisecond, 123);
      assert.equal(naive.toUTCDate().getTime(), Date.UTC(1998, 6, 17, 14, 8, 5, 123));
    });

    it('writes .mmm only when the milliseconds are not zero, so a fraction survives a round trip', () => {
      const withMs = new Date(Date.UTC(1998, 6, 17, 14, 8, 5, 7));
      assert.equal(
        valueXml(withMs),
        '<value><dateTime.iso8601>19980717T14:08:05.007</dateTime.iso8601></value>',
      );
      assert.deepStrictEqual(decodeResponse(encodeResponse(withMs)), withMs);
      assert.equal(
        valueXml(new Date(Date.UTC(1998, 6, 17, 14, 8, 5))),
        '<value><dateTime.iso8601>19980717T14:08:05</dateTime.iso8601></value>',
      );
      const naive = new XmlRpcDateTime('19980717T14:08:05.123');
      assert.equal(
        valueXml(naive),
        '<value><dateTime.iso8601>19980717T14:08:05.123</dateTime.iso8601></value>',
      );
      assert.deepStrictEqual(
        decodeResponse(encodeResponse(naive), undefined, { dateTimes: 'naive' }),
        new XmlRpcDateTime('19980717T14:08:05.123'),
      );
    });
  });

  describe('structs', () => {
    const hostile = response(
      '<struct><member><name>__proto__</name><value><struct><member><name>isAdmin</name><value><boolean>1</boolean></value></member></struct></value></member>' +
        '<member><name>constructor</name><value>c</value></member><member><name>prototype</name><value>p</value></member></struct>',
    );

    it('are plain objects by default: Object.prototype methods work as on a literal', () => {
      const decoded = decodeResponse(
        response('<struct><member><name>a</name><value><int>1</int></value></member></struct>'),
      );
      assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
      assert.deepStrictEqual(decoded, { a: 1 });
      const struct = decoded as { a: number; hasOwnProperty(key: string): boolean };
      // eslint-disable-next-line no-prototype-builtins -- what ordinary code calls on an object is the point
      assert.equal(struct.hasOwnProperty('a'), true);
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the default stringification is the point
      assert.equal(String(decoded), '[object Object]');
      assert.deepStrictEqual(decodeResponse(response('<struct/>')), {});
    });

    it('make __proto__, constructor and prototype own data properties, never the prototype', () => {
      const decoded = decodeResponse(hostile) as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
      assert.deepEqual(Object.keys(decoded), ['__proto__', 'constructor', 'prototype']);
      assert.deepStrictEqual(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value, { isAdmin: true });
      assert.equal('isAdmin' in decoded, false);
      assert.equal(decoded['constructor'], 'c');
      assert.equal(({} as { isAdmin?: unknown }).isAdmin, undefined);
    });

    it("are null-prototype objects with structs: 'null-prototype', members the same", () => {
      const decoded = decodeResponse(hostile, undefined, { structs: 'null-prototype' }) as Record<
        string,
        unknown
      >;
      assert.equal(Object.getPrototypeOf(decoded), null);
      assert.deepEqual(Object.keys(decoded), ['__proto__', 'constructor', 'prototype']);
      assert.equal(Object.getPrototypeOf(decoded['__proto__']), null);
      assert.equal(
        Object.getPrototypeOf(
          decodeResponse(response('<struct/>'), undefined, { structs: 'null-prototype' }),
        ),
        null,
      );
      assert.equal(
        Object.getPrototypeOf(decodeCall(call('<param><value><struct/></value></param>')).params[0]),
        Object.prototype,
      );
    });

    it('write an own __proto__ member back as a member', () => {
      const decoded = decodeResponse(hostile);
      assert.deepStrictEqual(decodeResponse(encodeResponse(decoded)), decoded);
    });
  });

  describe('numbers', () => {
    it('never writes a plain number as <i8>: beyond 32 bits it is an exact <double>', () => {
      assert.equal(valueXml(1e15), '<value><double>1000000000000000.0</double></value>');
      assert.equal(valueXml(2 ** 53), '<value><double>9007199254740992.0</double></value>');
      assert.equal(valueXml(-(2 ** 31) - 1), '<value><double>-2147483649.0</double></value>');
      assert.equal(valueXml(1e21), '<value><double>1000000000000000000000.0</double></value>');
      for (const n of [1e15, 2 ** 53, -(2 ** 31) - 1, 1e21, 2 ** 63, Number.MAX_SAFE_INTEGER]) {
        assert.equal(decodeResponse(encodeResponse(n)), n);
      }
      assert.equal(valueXml(2 ** 31 - 1), '<value><int>2147483647</int></value>');
    });

    it("writes <i8> for a bigint, an XmlRpcI8, and with largeIntegers: 'i8' for a large integral number", () => {
      assert.equal(valueXml(5n), '<value><i8>5</i8></value>');
      assert.equal(valueXml(new XmlRpcI8(5)), '<value><i8>5</i8></value>');
      assert.equal(valueXml(1e15, { largeIntegers: 'i8' }), '<value><i8>1000000000000000</i8></value>');
      assert.equal(valueXml(7, { largeIntegers: 'i8' }), '<value><int>7</int></value>');
      assert.equal(
        valueXml(1.5e300, { largeIntegers: 'i8' }),
        `<value><double>15${'0'.repeat(299)}.0</double></value>`,
      );
    });

    it('tells whether a call used <i8>, so a server can answer in kind', () => {
      assert.equal(decodeCall(call('<param><value><int>1</int></value></param>')).usedI8, false);
      assert.equal(decodeCall(call('<param><value><double>1e15</double></value></param>')).usedI8, false);
      assert.equal(decodeCall(call('<param><value><i8>1</i8></value></param>')).usedI8, true);
      assert.equal(
        decodeCall(
          call(
            '<param><value><array><data><value><i8>9007199254740993</i8></value></data></array></value></param>',
          ),
        ).usedI8,
        true,
      );
      assert.equal(decodeCall(encodeCall('f', [1e15])).usedI8, false);
      assert.equal(decodeCall(encodeCall('f', [{ n: 3n }])).usedI8, true);
    });
  });

  describe('options', () => {
    it('default to dates and plain objects', () => {
      assert.deepEqual(DEFAULT_DECODE_OPTIONS, { dateTimes: 'date', structs: 'object' });
    });

    it('refuse an unknown option or choice, naming it', () => {
      const refused = (options: unknown, message: RegExp): void => {
        assert.throws(
          () => decodeResponse(response('<int>1</int>'), undefined, options as never),
          (error: unknown) =>
            error instanceof SpindleError &&
            error.code === 'SPINDLE_INVALID_ARGUMENT' &&
            message.test(error.message),
        );
      };
      refused({ dateTimes: 'utc' }, /decoding\.dateTimes must be 'date' or 'naive', got "utc"/);
      refused({ structs: 'map' }, /decoding\.structs must be 'object' or 'null-prototype'/);
      refused({ dates: 'naive' }, /unknown option 'dates'/);
    });
  });
});
