import assert from 'node:assert/strict';

import { decodeResponse, dumps, encodeCall, encodeResponse, encodeValue } from '../../src/codec/index.js';

const tooLarge = { code: 'SPINDLE_CODEC_LIMIT_EXCEEDED', message: /larger than maxBytes \(\d+ bytes\)/ };

describe('encoding under maxBytes', () => {
  it('writes a message of exactly maxBytes and refuses one byte less', () => {
    for (const value of ['short', 'x'.repeat(200_000), 'é'.repeat(50_000), [1, 'two', { three: 3 }]]) {
      const size = encodeResponse(value).length;
      assert.equal(encodeResponse(value, { maxBytes: size }).length, size);
      assert.throws(() => encodeResponse(value, { maxBytes: size - 1 }), tooLarge);
    }
  });

  it('counts the bytes of long text exactly near the limit (three bytes a character is only a bound)', () => {
    const text = 'a'.repeat(3_000_000); // worst case 9 MB, really 3 MB
    const size = encodeResponse(text).length;
    assert.equal(decodeResponse(encodeResponse(text, { maxBytes: size })), text);
  });

  it('is honoured by encodeCall, dumps and encodeValue, and leaves the next message unbounded', () => {
    assert.throws(() => encodeCall('m', ['x'.repeat(100)], { maxBytes: 50 }), tooLarge);
    assert.throws(() => dumps(['x'.repeat(100)], { maxBytes: 50 }), tooLarge);
    assert.throws(() => encodeValue(['x'.repeat(100)], { maxBytes: 50 }), tooLarge);
    assert.equal(
      encodeValue([1]).toString(),
      '<value><array><data><value><int>1</int></value></data></array></value>',
    );
    assert.ok(encodeResponse('x'.repeat(100_000)).length > 100_000);
  });
});
