import assert from 'node:assert/strict';

import { CodecError, XmlRpcDouble, XmlRpcI8, XmlRpcInt } from '../../src/index.js';
import { decodeResponse, dumps, encodeCall, encodeResponse } from '../../src/entries/codec.js';
import { struct } from './structs.js';

const strict = { strictSpec: true } as const;

function refused(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CodecError, String(error));
    assert.equal(error.code, 'SPINDLE_CODEC_UNENCODABLE');
    assert.match(error.message, message);
    return true;
  });
}

describe('codec: strictSpec encoding', () => {
  it('is off by default: bigint and XmlRpcI8 go out as <i8>, null as <nil/>', () => {
    const text = encodeCall('f', [2 ** 40, 12n, new XmlRpcI8(1), null]).toString('utf8');
    assert.match(text, /<double>1099511627776\.0<\/double>.*<i8>12<\/i8>.*<i8>1<\/i8>.*<nil\/>/);
  });

  it('writes an integral number outside 32 bits as an exact <double>, as the default mode does', () => {
    const value = { a: [1, 2 ** 31], n: -(2 ** 31) - 1 };
    assert.deepEqual(encodeResponse(value, strict), encodeResponse(value));
    assert.match(encodeResponse(value, strict).toString(), /<double>2147483648\.0<\/double>/);
    // strictSpec wins over largeIntegers: 'i8'
    assert.match(
      encodeResponse(2 ** 40, { strictSpec: true, largeIntegers: 'i8' }).toString(),
      /<double>1099511627776\.0<\/double>/,
    );
  });

  it('refuses bigint and XmlRpcI8, which need <i8>', () => {
    refused(() => encodeResponse([5n], strict), /result\[0\]: bigint 5 needs <i8>/);
    refused(() => encodeCall('f', [1, new XmlRpcI8(7)], strict), /params\[1\]: XmlRpcI8 7 needs <i8>/);
  });

  it('refuses null and undefined (nil), even where allowNone would accept them', () => {
    refused(() => encodeResponse({ 'a b': null }, strict), /result\["a b"\]: null needs <nil\/>/);
    refused(() => encodeResponse(undefined, strict), /result: undefined needs <nil\/>/);
    refused(() => dumps([null], { allowNone: true, strictSpec: true }), /params\[0\]: null needs <nil\/>/);
  });

  it('writes spec values exactly as the default mode does', () => {
    const value = {
      int: 2147483647,
      min: -2147483648,
      forced: new XmlRpcInt(5),
      asDouble: new XmlRpcDouble(2 ** 40),
      big: 1e300,
      half: 0.5,
      text: 'a & b',
      flag: false,
      when: new Date(Date.UTC(2024, 1, 29, 23, 59, 58)),
      bytes: Buffer.from('hi'),
      list: [[], {}],
    };
    const bytes = encodeResponse(value, strict);
    assert.deepEqual(bytes, encodeResponse(value));
    assert.deepEqual(decodeResponse(bytes), struct({ ...value, forced: 5, asDouble: 2 ** 40 }));
  });

  it('leaves dumps without the option as before', () => {
    assert.match(dumps([2n ** 40n]), /<i8>1099511627776<\/i8>/);
    refused(() => dumps([2n ** 40n], { strictSpec: true }), /params\[0\]: bigint 1099511627776 needs <i8>/);
  });
});
