import assert from 'node:assert/strict';

import { CodecError, Fault, XmlRpcDateTime, XmlRpcDouble, XmlRpcI8, XmlRpcInt } from '../../src/index.js';
import { dumps, encodeCall, encodeFault, encodeResponse } from '../../src/entries/codec.js';

const HEAD = '<?xml version="1.0"?>';

/** The XML of `encodeResponse(value)` between `<param>` and `</param>`. */
function valueXml(value: unknown): string {
  const text = encodeResponse(value).toString('utf8');
  const prefix = `${HEAD}<methodResponse><params><param>`;
  const suffix = '</param></params></methodResponse>';
  assert.ok(text.startsWith(prefix) && text.endsWith(suffix), text);
  return text.slice(prefix.length, -suffix.length);
}

function unencodable(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CodecError);
    assert.equal(error.code, 'SPINDLE_CODEC_UNENCODABLE');
    assert.equal(error.faultCode, -32603);
    assert.match(error.message, message);
    return true;
  });
}

describe('codec: writing strictly', () => {
  it('writes a call with the exact envelope and one <param> per argument', () => {
    assert.equal(
      encodeCall('add', [2, 3]).toString('utf8'),
      `${HEAD}<methodCall><methodName>add</methodName><params>` +
        '<param><value><int>2</int></value></param><param><value><int>3</int></value></param></params></methodCall>',
    );
  });

  it('writes an empty <params> for a call without arguments', () => {
    assert.equal(
      encodeCall('system.listMethods', []).toString('utf8'),
      `${HEAD}<methodCall><methodName>system.listMethods</methodName><params></params></methodCall>`,
    );
  });

  it('returns UTF-8 bytes', () => {
    const bytes = encodeCall('echo', ['é']);
    assert.ok(Buffer.isBuffer(bytes));
    assert.ok(bytes.includes(Buffer.from([0xc3, 0xa9])));
  });

  it('writes <int> within 32 bits and an exact <double> beyond, never <i8> for a plain number', () => {
    assert.equal(valueXml(2147483647), '<value><int>2147483647</int></value>');
    assert.equal(valueXml(-2147483648), '<value><int>-2147483648</int></value>');
    assert.equal(valueXml(2147483648), '<value><double>2147483648.0</double></value>');
    assert.equal(valueXml(-9007199254740991), '<value><double>-9007199254740991.0</double></value>');
  });

  it('writes a bigint as <i8> and refuses one beyond 64 bits', () => {
    assert.equal(valueXml(9223372036854775807n), '<value><i8>9223372036854775807</i8></value>');
    assert.equal(valueXml(-9223372036854775808n), '<value><i8>-9223372036854775808</i8></value>');
    unencodable(() => encodeResponse(9223372036854775808n), /result: bigint .* does not fit 64 bits/);
  });

  it('writes forced types through the wrappers', () => {
    assert.equal(valueXml(new XmlRpcDouble(20)), '<value><double>20.0</double></value>');
    assert.equal(valueXml(new XmlRpcInt(7)), '<value><int>7</int></value>');
    assert.equal(valueXml(new XmlRpcI8(5)), '<value><i8>5</i8></value>');
    assert.throws(() => new XmlRpcInt(2147483648), CodecError);
    assert.throws(() => new XmlRpcInt(1.5), CodecError);
    assert.throws(() => new XmlRpcI8(2n ** 63n), CodecError);
    assert.throws(() => new XmlRpcDouble(Number.NaN), CodecError);
  });

  it('writes doubles in plain decimal without an exponent', () => {
    assert.equal(valueXml(1.5), '<value><double>1.5</double></value>');
    assert.equal(valueXml(1e-7), '<value><double>0.0000001</double></value>');
    assert.equal(valueXml(-1.25e-10), '<value><double>-0.000000000125</double></value>');
    assert.match(valueXml(1.5e300), /^<value><double>15[0]{299}\.0<\/double><\/value>$/);
    assert.equal(valueXml(1e21), '<value><double>1000000000000000000000.0</double></value>');
    assert.equal(valueXml(-0), '<value><double>-0.0</double></value>');
  });

  it('refuses NaN and the infinities, naming the path', () => {
    unencodable(() => encodeCall('f', [1, Number.NaN]), /params\[1\]: NaN/);
    unencodable(() => encodeCall('f', [{ a: [Infinity] }]), /params\[0\]\.a\[0\]: Infinity/);
    unencodable(() => encodeResponse(-Infinity), /result: -Infinity/);
  });

  it('writes booleans as 1 and 0', () => {
    assert.equal(valueXml(true), '<value><boolean>1</boolean></value>');
    assert.equal(valueXml(false), '<value><boolean>0</boolean></value>');
  });

  it('escapes <, & and >, and writes \\r as &#13;', () => {
    assert.equal(valueXml('a<b&c>d\r\ne'), '<value><string>a&lt;b&amp;c&gt;d&#13;\ne</string></value>');
    assert.equal(valueXml(']]>'), '<value><string>]]&gt;</string></value>');
    assert.equal(valueXml('"quotes" \'too\''), '<value><string>"quotes" \'too\'</string></value>');
  });

  it('writes unicode and emoji as UTF-8', () => {
    assert.equal(valueXml('héllo 😀'), '<value><string>héllo 😀</string></value>');
  });

  it('refuses characters XML 1.0 forbids, naming the path like params[2].name', () => {
    unencodable(() => encodeCall('f', [1, 2, { name: 'a\u0001b' }]), /params\[2\]\.name: .*U\+0001/);
    unencodable(() => encodeCall('f', ['\u0000']), /params\[0\].*U\+0000/);
    unencodable(() => encodeCall('f', ['\uFFFE']), /U\+FFFE/);
    unencodable(() => encodeCall('f', ['lone \uD800 surrogate']), /U\+D800/);
    unencodable(() => encodeCall('f', [{ 'bad\u0002key': 1 }]), /member name/);
    assert.equal(valueXml('tab\tlf\n'), '<value><string>tab\tlf\n</string></value>');
  });

  it('writes compact dates from the UTC fields of a Date, with milliseconds only when not zero', () => {
    assert.equal(
      valueXml(new Date(Date.UTC(1998, 6, 17, 14, 8, 55, 999))),
      '<value><dateTime.iso8601>19980717T14:08:55.999</dateTime.iso8601></value>',
    );
    assert.equal(
      valueXml(new Date(Date.UTC(1998, 6, 17, 14, 8, 55))),
      '<value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value>',
    );
    assert.equal(
      valueXml(new XmlRpcDateTime('1998-07-17T14:08:55.5')),
      '<value><dateTime.iso8601>19980717T14:08:55.500</dateTime.iso8601></value>',
    );
    assert.equal(
      valueXml(new XmlRpcDateTime('1998-07-17T14:08:55')),
      '<value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value>',
    );
    unencodable(() => encodeResponse(new Date(Number.NaN)), /Date must be valid/);
  });

  it('writes bytes as base64', () => {
    assert.equal(valueXml(Buffer.from('hello')), '<value><base64>aGVsbG8=</base64></value>');
    assert.equal(valueXml(new Uint8Array([1, 2, 3])), '<value><base64>AQID</base64></value>');
  });

  it('writes arrays, structs and nil', () => {
    assert.equal(
      valueXml([1, 'a', null]),
      '<value><array><data><value><int>1</int></value><value><string>a</string></value><value><nil/></value></data></array></value>',
    );
    assert.equal(
      valueXml({ a: 1, 'b c': [] }),
      '<value><struct><member><name>a</name><value><int>1</int></value></member>' +
        '<member><name>b c</name><value><array><data></data></array></value></member></struct></value>',
    );
    assert.equal(valueXml({}), '<value><struct></struct></value>');
    assert.equal(
      valueXml(new Map([['k', 1]])),
      '<value><struct><member><name>k</name><value><int>1</int></value></member></struct></value>',
    );
  });

  it('writes __proto__ and constructor keys as plain members', () => {
    const value = JSON.parse('{"__proto__":{"polluted":1},"constructor":2}') as unknown;
    assert.equal(
      valueXml(value),
      '<value><struct><member><name>__proto__</name><value><struct><member><name>polluted</name><value><int>1</int></value></member></struct></value></member>' +
        '<member><name>constructor</name><value><int>2</int></value></member></struct></value>',
    );
  });

  it('writes every undefined (argument, trailing or not, member, item) as <nil></nil>', () => {
    assert.equal(
      encodeCall('f', [1, undefined]).toString(),
      `${HEAD}<methodCall><methodName>f</methodName><params><param><value><int>1</int></value></param>` +
        '<param><value><nil></nil></value></param></params></methodCall>',
    );
    assert.match(encodeCall('f', [undefined, 1]).toString(), /<param><value><nil><\/nil><\/value><\/param>/);
    assert.match(
      encodeCall('f', [{ a: undefined, b: 1 }]).toString(),
      /<struct><member><name>a<\/name><value><nil><\/nil><\/value><\/member><member><name>b<\/name>/,
    );
    assert.equal(valueXml(undefined), '<value><nil></nil></value>');
    assert.equal(
      valueXml([undefined]),
      '<value><array><data><value><nil></nil></value></data></array></value>',
    );
  });

  it('refuses functions, symbols, built-ins that are not data, and cycles', () => {
    unencodable(() => encodeResponse(() => 1), /function/);
    unencodable(() => encodeResponse(Symbol('s')), /symbol/);
    unencodable(() => encodeResponse(new Set([1])), /result: a Set is not an XML-RPC value/);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    unencodable(() => encodeResponse(cyclic), /result\.self: .*cycle/);
  });

  it('writes a fault as a struct of faultCode and faultString', () => {
    assert.equal(
      encodeFault(-32601, 'no such method <x>').toString(),
      `${HEAD}<methodResponse><fault><value><struct>` +
        '<member><name>faultCode</name><value><int>-32601</int></value></member>' +
        '<member><name>faultString</name><value><string>no such method &lt;x&gt;</string></value></member>' +
        '</struct></value></fault></methodResponse>',
    );
    assert.match(encodeFault(1, 'bad \u0001 char').toString(), /bad \uFFFD char/);
    unencodable(() => encodeFault(1.5, 'x'), /32-bit integer/);
  });

  it('dumps with CPython meaning: call, response, fault, bare params, allowNone', () => {
    assert.equal(dumps([1], { methodName: 'f' }), encodeCall('f', [1]).toString());
    assert.equal(dumps(['x'], { methodResponse: true }), encodeResponse('x').toString());
    assert.equal(dumps(new Fault(3, 'no')), encodeFault(3, 'no').toString());
    assert.equal(
      dumps([1, 'a']),
      '<params><param><value><int>1</int></value></param><param><value><string>a</string></value></param></params>',
    );
    unencodable(() => dumps([null]), /null needs allowNone/);
    assert.equal(dumps([null], { allowNone: true }), '<params><param><value><nil/></value></param></params>');
    unencodable(() => dumps([1, 2], { methodResponse: true }), /exactly one value/);
  });
});
