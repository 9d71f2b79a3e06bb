import assert from 'node:assert/strict';

import { CodecError, Fault, XmlRpcDateTime } from '../../src/index.js';
import { decodeCall, decodeResponse, loads } from '../../src/entries/codec.js';
import { response, struct } from './structs.js';

function value(inner: string): unknown {
  return decodeResponse(response(inner));
}

/** The value under `dateTimes: 'naive'`. */
function naiveValue(inner: string): unknown {
  return decodeResponse(response(inner), undefined, { dateTimes: 'naive' });
}

function rejects(input: string | Buffer, code: string, faultCode: number, message?: RegExp): void {
  assert.throws(
    () => decodeResponse(input),
    (error: unknown) => {
      assert.ok(error instanceof CodecError, String(error));
      assert.equal(error.code, code);
      assert.equal(error.faultCode, faultCode);
      if (message !== undefined) assert.match(error.message, message);
      return true;
    },
  );
}

const invalid = (inner: string, message?: RegExp): void => {
  rejects(response(inner), 'SPINDLE_CODEC_INVALID_REQUEST', -32600, message);
};

describe('codec: reading leniently', () => {
  it('reads a call into method and params', () => {
    const call = decodeCall(
      "<?xml version='1.0'?>\n<methodCall>\n<methodName>sample.add</methodName>\n<params>\n" +
        '<param>\n<value><int>2</int></value>\n</param>\n<param><value><i4>3</i4></value></param>\n</params>\n</methodCall>\n',
    );
    assert.deepEqual(call, { method: 'sample.add', params: [2, 3], usedI8: false });
  });

  it('reads a call without <params> or with <params/>', () => {
    assert.deepEqual(decodeCall('<methodCall><methodName>ping</methodName></methodCall>').params, []);
    assert.deepEqual(
      decodeCall('<methodCall><methodName>ping</methodName><params/></methodCall>').params,
      [],
    );
  });

  it('reads Buffer, Uint8Array and string input alike', () => {
    const xml = response('<int>5</int>');
    assert.equal(decodeResponse(Buffer.from(xml)), 5);
    assert.equal(decodeResponse(new Uint8Array(Buffer.from(xml))), 5);
    assert.equal(decodeResponse(xml), 5);
  });

  it('reads int, i4, i8 and Apache ex: integer types', () => {
    assert.equal(value('<int>-2147483648</int>'), -2147483648);
    assert.equal(value('<i4>+42</i4>'), 42);
    assert.equal(value('<int> 7 </int>'), 7);
    assert.equal(value('<i8>9007199254740991</i8>'), 9007199254740991);
    assert.equal(value('<i8>9007199254740993</i8>'), 9007199254740993n);
    assert.equal(value('<i8>-9223372036854775808</i8>'), -9223372036854775808n);
    assert.equal(
      value('<ex:i1 xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions">-128</ex:i1>'),
      -128,
    );
    assert.equal(value('<ex:i2>32767</ex:i2>'), 32767);
    assert.equal(
      value('<ex:i8>12345678901234567890</ex:i8>'.replace('12345678901234567890', '1234567890123456789')),
      1234567890123456789n,
    );
    assert.equal(
      value('<ex:biginteger>123456789012345678901234567890</ex:biginteger>'),
      123456789012345678901234567890n,
    );
  });

  it('reads doubles, with an exponent too, and ex:float / ex:bigdecimal', () => {
    assert.equal(value('<double>-0.5</double>'), -0.5);
    assert.equal(value('<double>1e-07</double>'), 1e-7);
    assert.equal(value('<double>.5</double>'), 0.5);
    assert.equal(value('<ex:float>2.5</ex:float>'), 2.5);
    assert.equal(value('<ex:bigdecimal>10.25</ex:bigdecimal>'), 10.25);
  });

  it('reads booleans 0 and 1', () => {
    assert.equal(value('<boolean>1</boolean>'), true);
    assert.equal(value('<boolean>0</boolean>'), false);
  });

  it('reads strings, keeps untyped values exactly, and reads an empty <value/> as ""', () => {
    assert.equal(
      value('<string>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#65;&#x42;&#x1F600;</string>'),
      'a <b> & "c" \'d\' AB😀',
    );
    assert.equal(value('  untyped \t text '), '  untyped \t text ');
    assert.equal(value(''), '');
    assert.equal(value('<string/>'), '');
    assert.equal(
      decodeResponse('<methodResponse><params><param><value/></param></params></methodResponse>'),
      '',
    );
  });

  it('normalises raw line ends but keeps &#13;', () => {
    assert.equal(value('<string>a\r\nb\rc&#13;d</string>'), 'a\nb\nc\rd');
  });

  it('reads CDATA, and skips comments and processing instructions', () => {
    assert.equal(value('<string><![CDATA[<not> & markup]]></string>'), '<not> & markup');
    assert.equal(value('<string>a<!-- note -->b<?pi data?>c</string>'), 'abc');
    assert.equal(
      decodeResponse(
        '<?xml version="1.0"?><!-- hi --><methodResponse><!-- x --><params><param><value><int>1</int></value></param></params></methodResponse><!-- end -->',
      ),
      1,
    );
  });

  it('reads dateTime variants: compact, hyphens, no colons, fraction, Z and offsets', () => {
    // Default: a Date, the zone-less forms read as UTC.
    for (const text of ['19980717T14:08:55', '1998-07-17T14:08:55', '19980717T140855']) {
      assert.deepEqual(
        value(`<dateTime.iso8601>${text}</dateTime.iso8601>`),
        new Date(Date.UTC(1998, 6, 17, 14, 8, 55)),
      );
    }
    // dateTimes: 'naive' keeps a zone-less text as an XmlRpcDateTime.
    const naive = naiveValue('<dateTime.iso8601>19980717T14:08:55</dateTime.iso8601>');
    assert.ok(naive instanceof XmlRpcDateTime);
    assert.equal(naive.value, '19980717T14:08:55');
    assert.deepEqual(
      [naive.year, naive.month, naive.day, naive.hour, naive.minute, naive.second],
      [1998, 7, 17, 14, 8, 55],
    );
    const hyphens = naiveValue('<dateTime.iso8601>1998-07-17T14:08:55</dateTime.iso8601>') as XmlRpcDateTime;
    assert.equal(hyphens.value, '1998-07-17T14:08:55');
    assert.equal(hyphens.toCompactString(), '19980717T14:08:55');
    assert.equal(
      (naiveValue('<dateTime.iso8601>19980717T140855</dateTime.iso8601>') as XmlRpcDateTime).second,
      55,
    );
    assert.deepEqual(
      value('<dateTime.iso8601>2014-01-01T16:20:00.123Z</dateTime.iso8601>'),
      new Date(Date.UTC(2014, 0, 1, 16, 20, 0, 123)),
    );
    assert.deepEqual(
      value('<dateTime.iso8601>19980717T14:08:55+02:00</dateTime.iso8601>'),
      new Date(Date.UTC(1998, 6, 17, 12, 8, 55)),
    );
    assert.deepEqual(
      value('<dateTime.iso8601>19980717T14:08:55-0500</dateTime.iso8601>'),
      new Date(Date.UTC(1998, 6, 17, 19, 8, 55)),
    );
    assert.equal((value('<ex:dateTime>0099-01-01T00:00:00Z</ex:dateTime>') as Date).getUTCFullYear(), 99);
  });

  it('reads base64 with line breaks and spaces', () => {
    assert.deepEqual(value('<base64>aGVs\nbG8g\r\nd29y bGQ=\n</base64>'), Buffer.from('hello world'));
    assert.deepEqual(value('<base64></base64>'), Buffer.alloc(0));
  });

  it('reads nil and ex:nil as null, and the <nil></nil> spelling as undefined', () => {
    assert.equal(value('<nil/>'), null);
    assert.equal(value('<ex:nil/>'), null);
    assert.equal(value('<nil></nil>'), undefined);
    assert.equal(value('<ex:nil></ex:nil>'), undefined);
  });

  it('reads arrays and structs, with white space and comments between elements', () => {
    assert.deepEqual(
      value(
        '<array>\n <data>\n  <value><int>1</int></value>\n  <value>two</value>\n  <value><array><data/></array></value>\n </data>\n</array>',
      ),
      [1, 'two', []],
    );
    assert.deepEqual(
      value(
        '<struct>\n <member>\n  <name>a</name>\n  <value><int>1</int></value>\n </member><!-- c -->\n <member><name> b </name><value/></member></struct>',
      ),
      struct({ a: 1, ' b ': '' }),
    );
    assert.deepEqual(value('<struct/>'), struct({}));
    assert.deepEqual(value('<struct></struct>'), struct({}));
  });

  it('reads structs into plain objects where __proto__ and constructor are own data', () => {
    const xml =
      '<struct><member><name>__proto__</name><value><struct><member><name>polluted</name><value>yes</value></member></struct></value></member>' +
      '<member><name>constructor</name><value>c</value></member><member><name>hasOwnProperty</name><value><int>1</int></value></member></struct>';
    const decoded = value(xml) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
    assert.deepEqual(Object.keys(decoded), ['__proto__', 'constructor', 'hasOwnProperty']);
    assert.equal(decoded['constructor'], 'c');
    assert.equal((decoded as { polluted?: unknown }).polluted, undefined);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    const bare = decodeResponse(response(xml), undefined, { structs: 'null-prototype' });
    assert.equal(Object.getPrototypeOf(bare), null);
    assert.deepEqual(Object.keys(bare as object), ['__proto__', 'constructor', 'hasOwnProperty']);
  });

  it('keeps the last of duplicate member names, like CPython', () => {
    assert.deepEqual(
      value(
        '<struct><member><name>a</name><value>1</value></member><member><name>a</name><value>2</value></member></struct>',
      ),
      struct({ a: '2' }),
    );
  });

  it('reads a fault into a Fault, with string codes and extra members', () => {
    const fault = (inner: string): Fault => {
      try {
        decodeResponse(`<methodResponse><fault>${inner}</fault></methodResponse>`);
      } catch (error) {
        if (error instanceof Fault) return error;
        throw error;
      }
      throw new Error('no fault');
    };
    const plain = fault(
      '<value><struct><member><name>faultCode</name><value><int>4</int></value></member><member><name>faultString</name><value><string>Too many</string></value></member></struct></value>',
    );
    assert.equal(plain.faultCode, 4);
    assert.equal(plain.faultString, 'Too many');
    assert.equal(plain.code, 'SPINDLE_FAULT');
    const odd = fault(
      '<value><struct><member><name>faultCode</name><value>Client</value></member><member><name>faultString</name><value>bad</value></member><member><name>faultCause</name><value><base64>AAEC</base64></value></member></struct></value>',
    );
    assert.equal(odd.faultCode, 'Client');
    assert.deepEqual(odd.extra['faultCause'], Buffer.from([0, 1, 2]));
    const bare = fault('<struct><member><name>faultCode</name><value><int>7</int></value></member></struct>');
    assert.equal(bare.faultCode, 7);
    assert.equal(bare.faultString, '');
  });

  it('loads with CPython meaning', () => {
    assert.deepEqual(
      loads(
        '<methodCall><methodName>f</methodName><params><param><value>x</value></param></params></methodCall>',
      ),
      [['x'], 'f'],
    );
    assert.deepEqual(loads(response('<int>1</int>')), [[1], null]);
    assert.deepEqual(
      loads('<params><param><value><int>1</int></value></param><param><value>b</value></param></params>'),
      [[1, 'b'], null],
    );
    assert.throws(
      () =>
        loads(
          '<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member></struct></value></fault></methodResponse>',
        ),
      Fault,
    );
  });

  it('reads ISO-8859-1 when declared, and a UTF-8 byte order mark', () => {
    const latin1 = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><methodResponse><params><param><value><string>\xe9</string></value></param></params></methodResponse>',
      'latin1',
    );
    assert.equal(decodeResponse(latin1), 'é');
    assert.equal(
      decodeResponse(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(response('<int>1</int>'))])),
      1,
    );
  });
});

describe('codec: rejecting precisely', () => {
  it('refuses bad scalars with the value path', () => {
    invalid(
      '<struct><member><name>list</name><value><array><data><value><int>12abc</int></value></data></array></value></member></struct>',
      /<int> holds "12abc".* at params\[0\]\.list\[0\]/,
    );
    invalid('<int>99999999999</int>', /out of range/);
    invalid('<int>2147483648</int>', /out of range/);
    invalid('<int></int>', /not a valid int/);
    invalid('<int>1.0</int>', /not a valid int/);
    invalid('<boolean>true</boolean>', /not a valid boolean/);
    invalid('<boolean>2</boolean>', /not a valid boolean/);
    invalid('<double>NaN</double>', /not a valid double/);
    invalid('<double>1e999</double>', /out of the double range/);
    invalid('<double>0x10</double>', /not a valid double/);
    invalid('<dateTime.iso8601>20241345T99:99:99</dateTime.iso8601>', /not a valid dateTime/);
    invalid('<dateTime.iso8601>20230229T00:00:00</dateTime.iso8601>', /not a valid dateTime/);
    invalid('<dateTime.iso8601>yesterday</dateTime.iso8601>', /not a valid dateTime/);
    invalid('<base64>!!!*</base64>', /not a valid base64/);
    invalid('<base64>aGVsbG8=x</base64>', /not a valid base64/);
    invalid('<i8>9223372036854775808</i8>', /64-bit/);
    invalid('<ex:i1>128</ex:i1>', /out of range/);
    invalid('<nil>x</nil>', /not a valid nil/);
  });

  it('refuses wrong structure', () => {
    invalid('<foo>1</foo>', /unknown type <foo>/);
    invalid('<int>1</int><int>2</int>', /expected <\/value>/);
    invalid('text<int>1</int>', /mixes text/);
    invalid('<array><value>1</value></array>', /expected <data>/);
    invalid('<array/>', /no <data>/);
    invalid('<struct><member><value>1</value></member></struct>', /expected <name>/);
    invalid('<struct><member><name>a</name></member></struct>', /expected <value>/);
    invalid('<string><b>x</b></string>', /holds an element/);
    rejects(
      '<methodResponse><params><param><value>1</value></param></params><fault><value><struct/></value></fault></methodResponse>',
      'SPINDLE_CODEC_INVALID_REQUEST',
      -32600,
      /more than one/,
    );
    rejects(
      '<methodResponse><params/></methodResponse>',
      'SPINDLE_CODEC_INVALID_REQUEST',
      -32600,
      /exactly one/,
    );
    rejects(
      '<methodResponse><params><param><value>1</value></param><param><value>2</value></param></params></methodResponse>',
      'SPINDLE_CODEC_INVALID_REQUEST',
      -32600,
      /exactly one/,
    );
    rejects(
      '<methodResponse><fault><value><int>1</int></value></fault></methodResponse>',
      'SPINDLE_CODEC_INVALID_REQUEST',
      -32600,
      /not a struct/,
    );
    rejects('<html><body>502</body></html>', 'SPINDLE_CODEC_INVALID_REQUEST', -32600, /root element/);
    assert.throws(() => decodeCall(response('<int>1</int>')), /expected a <methodCall>/);
    assert.throws(
      () => decodeResponse('<methodCall><methodName>x</methodName></methodCall>'),
      /expected a <methodResponse>/,
    );
    assert.throws(() => decodeCall('<methodCall><params/></methodCall>'), /expected <methodName>/);
  });

  it('refuses malformed XML with -32700 and a line and column', () => {
    const malformed = (xml: string, message?: RegExp): void => {
      rejects(xml, 'SPINDLE_CODEC_NOT_WELL_FORMED', -32700, message);
    };
    malformed('', /unexpected end/);
    malformed(response('<int>1</i4>'), /mismatched end tag; expected <\/int>.*line 1, column/);
    malformed('<methodResponse><params><param><value><int>1</int>', /unexpected end/);
    malformed(response('<int>1</int>').slice(0, -10), /mismatched end tag/);
    malformed(response('<string>a & b</string>'), /"&" that starts no reference/);
    malformed(response('<string>&nbsp;</string>'), /undefined entity &nbsp;/);
    malformed(response('<string>a ]]> b</string>'), /"]]>" in text/);
    malformed(response('<string><!-- a -- b --></string>'), /"--" inside a comment/);
    malformed(`${response('<int>1</int>')}<extra/>`, /content after the root/);
    malformed('<?xml version="1.0"?><?xml version="1.0"?>' + response('1'), /only allowed at the very start/);
    malformed('<methodResponse <params>', /malformed tag/);
  });
});
