import assert from 'node:assert/strict';

import { CodecError, XmlRpcDateTime } from '../../src/index.js';
import { decodeCall, decodeResponse, encodeResponse } from '../../src/entries/codec.js';

/**
 * The wire form of `dateTime.iso8601` has 4-digit years, so decode and encode
 * agree on the instants of the UTC years 0000..9999: whatever the decoder gives
 * as a `Date` the encoder writes back (a service echoing a date never fails on
 * the way out), and a text whose zone offset moves the instant outside those
 * years is refused on the way in as an invalid value.
 */
describe('codec: dateTime years 0000..9999 in both directions', () => {
  const call = (text: string): string =>
    `<?xml version="1.0"?><methodCall><methodName>echo</methodName><params><param><value><dateTime.iso8601>${text}</dateTime.iso8601></value></param></params></methodCall>`;
  const response = (text: string): string =>
    `<?xml version="1.0"?><methodResponse><params><param><value><dateTime.iso8601>${text}</dateTime.iso8601></value></param></params></methodResponse>`;

  /** What a service echoing its argument does: decode the call, encode the argument as the result. */
  function echo(text: string): string {
    const [param] = decodeCall(call(text)).params;
    return encodeResponse(param).toString('utf8');
  }

  function refused(text: string, message: RegExp): void {
    for (const decode of [() => decodeCall(call(text)), () => decodeResponse(response(text))]) {
      assert.throws(decode, (error: unknown) => {
        assert.ok(error instanceof CodecError, String(error));
        assert.equal(error.code, 'SPINDLE_CODEC_INVALID_REQUEST');
        assert.equal(error.faultCode, -32600);
        assert.match(error.message, message);
        return true;
      });
    }
  }

  it('the first and last instants round-trip as Dates and as naive date-times', () => {
    assert.equal(
      (decodeResponse(response('00000101T00:00:00Z')) as Date).toISOString(),
      '0000-01-01T00:00:00.000Z',
    );
    assert.equal(
      (decodeResponse(response('99991231T23:59:59Z')) as Date).toISOString(),
      '9999-12-31T23:59:59.000Z',
    );
    assert.match(echo('00000101T00:00:00Z'), /<dateTime\.iso8601>00000101T00:00:00<\/dateTime\.iso8601>/);
    assert.match(echo('99991231T23:59:59Z'), /<dateTime\.iso8601>99991231T23:59:59<\/dateTime\.iso8601>/);
    assert.match(
      echo('99991231T23:59:59.999'),
      /<dateTime\.iso8601>99991231T23:59:59\.999<\/dateTime\.iso8601>/,
    );
    const naive = decodeResponse(response('00000101T00:00:00'), undefined, { dateTimes: 'naive' });
    assert.ok(naive instanceof XmlRpcDateTime);
    assert.match(encodeResponse(naive).toString('utf8'), /<dateTime\.iso8601>00000101T00:00:00</);
  });

  it('an offset that keeps the instant inside the range is read and echoed in UTC', () => {
    assert.match(echo('00000101T01:00:00+01:00'), /<dateTime\.iso8601>00000101T00:00:00</);
    assert.match(echo('99991231T22:59:59-01:00'), /<dateTime\.iso8601>99991231T23:59:59</);
  });

  it('an offset that moves the instant before year 0000 or after 9999 is refused, naming the value', () => {
    refused(
      '00000101T00:00:00+01:00',
      /<dateTime\.iso8601> holds "00000101T00:00:00\+01:00", which is not a valid dateTime\.iso8601: in UTC it falls in year -1, outside the years 0000\.\.9999/,
    );
    refused(
      '99991231T23:59:59-00:01',
      /holds "99991231T23:59:59-00:01", which is not a valid dateTime\.iso8601: in UTC it falls in year 10000/,
    );
    refused('0000-01-01T00:00:00.000+00:01', /in UTC it falls in year -1/);
  });

  it('the encoder refuses a Date outside the years it can write, as before', () => {
    for (const date of [new Date(Date.UTC(-1, 11, 31, 23)), new Date('+010000-01-01T00:00:00Z')]) {
      assert.throws(
        () => encodeResponse(date),
        (error: unknown) =>
          error instanceof CodecError &&
          error.code === 'SPINDLE_CODEC_UNENCODABLE' &&
          /UTC year 0\.\.9999/.test(error.message),
      );
    }
  });
});
