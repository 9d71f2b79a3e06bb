import assert from 'node:assert/strict';

import { CodecError, Fault } from '../../src/index.js';
import { decodeCall, decodeResponse } from '../../src/entries/codec.js';
import { response, struct } from './structs.js';

/**
 * The XML-layer adversarial inputs D1–D22 of the XML-RPC anchors (research
 * notes, section d): each gives the right error, or the right value, at once.
 */

function fails(fn: () => unknown, code: string, faultCode: number, message?: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CodecError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.faultCode, faultCode);
    if (message !== undefined) assert.match(error.message, message);
    return true;
  });
}

const call = (body: string): string =>
  `<?xml version="1.0"?><methodCall><methodName>m</methodName><params>${body}</params></methodCall>`;
const param = (inner: string): string => `<param><value>${inner}</value></param>`;

describe('codec: adversarial XML (D1–D22)', () => {
  it('D1 billion laughs: any DOCTYPE is refused with -32700, nothing expanded', () => {
    let dtd = '<!ENTITY lol "lol">';
    for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
    const xml = `<?xml version="1.0"?><!DOCTYPE methodCall [${dtd}]><methodCall><methodName>&lol9;</methodName></methodCall>`;
    fails(() => decodeCall(xml), 'SPINDLE_CODEC_NOT_WELL_FORMED', -32700, /DOCTYPE is never accepted/);
  });

  it('D2 quadratic blowup: one 30 KB entity referenced 30,000 times is refused the same way', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "${'x'.repeat(30_000)}">]><methodCall><methodName>m</methodName><params>${param(`<string>${'&a;'.repeat(30_000)}</string>`)}</params></methodCall>`;
    fails(() => decodeCall(xml), 'SPINDLE_CODEC_NOT_WELL_FORMED', -32700, /DOCTYPE/);
  });

  it('D3 XXE with SYSTEM: refused, no file is read', () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><methodCall><methodName>&x;</methodName></methodCall>';
    fails(() => decodeCall(xml), 'SPINDLE_CODEC_NOT_WELL_FORMED', -32700, /DOCTYPE/);
  });

  it('D4 external DTD and parameter entities: refused, nothing fetched', () => {
    fails(
      () =>
        decodeCall(
          '<!DOCTYPE methodCall SYSTEM "http://127.0.0.1:1/x.dtd"><methodCall><methodName>m</methodName></methodCall>',
        ),
      'SPINDLE_CODEC_NOT_WELL_FORMED',
      -32700,
      /DOCTYPE/,
    );
    fails(
      () => decodeCall('<!DOCTYPE m [<!ENTITY % p SYSTEM "http://127.0.0.1:1/p">%p;]><methodCall/>'),
      'SPINDLE_CODEC_NOT_WELL_FORMED',
      -32700,
      /DOCTYPE/,
    );
    // An entity reference without a DTD is simply undefined.
    fails(
      () => decodeCall(call(param('<string>&xxe;</string>'))),
      'SPINDLE_CODEC_NOT_WELL_FORMED',
      -32700,
      /undefined entity/,
    );
  });

  it('D5 not XML: HTML, garbage, empty body, mismatched or unclosed tags give -32700', () => {
    fails(
      () => decodeResponse('<html><body><p>502 Bad Gateway</body></html>'),
      'SPINDLE_CODEC_INVALID_REQUEST',
      -32600,
      /root element is <html>/,
    );
    fails(() => decodeResponse('garbage'), 'SPINDLE_CODEC_INVALID_REQUEST', -32600, /unexpected text/);
    fails(() => decodeResponse('{"json": true}'), 'SPINDLE_CODEC_INVALID_REQUEST', -32600);
    fails(() => decodeResponse(''), 'SPINDLE_CODEC_NOT_WELL_FORMED', -32700, /unexpected end/);
    fails(() => decodeResponse('   '), 'SPINDLE_CODEC_NOT_WELL_FORMED', -32700, /unexpected end/);
    fails(
      () => decodeResponse(response('<int>1</int').replace('</value>', '')),
      'SPINDLE_CODEC_NOT_WELL_FORMED',
      -32700,
    );
    fails(
      () => decodeResponse(response('<int>1</string>')),
      'SPINDLE_CODEC_NOT_WELL_FORMED',
      -32700,
      /mismatched/,
    );
    fails(
      () => decodeResponse('<methodResponse><params><param><value><int>1</int></value></param>'),
      'SPINDLE_CODEC_NOT_WELL_FORMED',
      -32700,
      /unexpected end/,
    );
    fails(() => decodeResponse('<<<>>>'), 'SPINDLE_CODEC_NOT_WELL_FORMED', -32700);
  });

  it('D6 wrong structure gives -32600', () => {
    const invalid = (xml: string, message: RegExp): void => {
      fails(() => decodeResponse(xml), 'SPINDLE_CODEC_INVALID_REQUEST', -32600, message);
    };
    invalid('<methodRequest><params/></methodRequest>', /root element/);
    fails(
      () => decodeCall('<methodCall><params/></methodCall>'),
      'SPINDLE_CODEC_INVALID_REQUEST',
      -32600,
      /expected <methodName>/,
    );
    invalid(
      '<methodResponse><params><param><value>1</value></param></params><fault><value><struct/></value></fault></methodResponse>',
      /more than one/,
    );
    invalid(response('<int>1</int><string>2</string>'), /expected <\/value>/);
    invalid(response('<array><value>1</value></array>'), /expected <data>/);
    invalid(response('<struct><member><value>1</value></member></struct>'), /expected <name>/);
    invalid(response('<struct><member><name>a</name></member></struct>'), /expected <value>/);
  });

  it('D7 unknown type tags give -32600; Apache ex: types are read by local name', () => {
    fails(
      () => decodeResponse(response('<foo>1</foo>')),
      'SPINDLE_CODEC_INVALID_REQUEST',
      -32600,
      /unknown type <foo>/,
    );
    fails(
      () => decodeResponse(response('<ex:foo>1</ex:foo>')),
      'SPINDLE_CODEC_INVALID_REQUEST',
      -32600,
      /unknown type <ex:foo>/,
    );
    assert.equal(
      decodeResponse(response('<ex:nil xmlns:ex="http://ws.apache.org/xmlrpc/namespaces/extensions"/>')),
      null,
    );
  });

  it('D8 lexically bad scalars give -32600 with the offending path', () => {
    const cases = [
      '<int>12abc</int>',
      '<int>99999999999</int>',
      '<int></int>',
      '<boolean>true</boolean>',
      '<double>NaN</double>',
      '<double>1e999</double>',
      '<dateTime.iso8601>20241345T99:99:99</dateTime.iso8601>',
      '<base64>!!!*</base64>',
      '<i8>9223372036854775808</i8>',
      '<i8>-9223372036854775809</i8>',
    ];
    for (const scalar of cases) {
      fails(
        () =>
          decodeCall(
            call(
              param('<int>1</int>') +
                param(`<struct><member><name>field</name><value>${scalar}</value></member></struct>`),
            ),
          ),
        'SPINDLE_CODEC_INVALID_REQUEST',
        -32600,
        /at params\[1\]\.field /,
      );
    }
  });

  it('D9 depth bomb of 100,000 levels: depth limit -32600, no stack overflow', () => {
    const bomb = call(`<param><value>${'<array><data><value>'.repeat(100_000)}`);
    fails(() => decodeCall(bomb), 'SPINDLE_CODEC_LIMIT_EXCEEDED', -32600, /maxDepth \(64\)/);
    const closed = response(
      `${'<array><data><value>'.repeat(100_000)}1${'</value></data></array>'.repeat(100_000)}`,
    );
    fails(() => decodeResponse(closed), 'SPINDLE_CODEC_LIMIT_EXCEEDED', -32600, /maxDepth/);
    // Even with the limit raised past what the stack holds, it is an error, not a crash.
    fails(() => decodeResponse(closed, { maxDepth: 1_000_000 }), 'SPINDLE_CODEC_LIMIT_EXCEEDED', -32600);
    const ok = response(`${'<array><data><value>'.repeat(64)}1${'</value></data></array>'.repeat(64)}`);
    assert.doesNotThrow(() => decodeResponse(ok));
    fails(() => decodeResponse(ok, { maxDepth: 63 }), 'SPINDLE_CODEC_LIMIT_EXCEEDED', -32600);
  });

  it('D10 width bomb: element limits give -32600', () => {
    const members = '<member><name>k</name><value>v</value></member>'.repeat(20_000);
    fails(
      () => decodeResponse(response(`<struct>${members}</struct>`), { maxElements: 10_000 }),
      'SPINDLE_CODEC_LIMIT_EXCEEDED',
      -32600,
      /maxElements/,
    );
    assert.doesNotThrow(() =>
      decodeResponse(response(`<struct>${members}</struct>`), { maxElements: 100_000 }),
    );
    const million = response(`<array><data>${'<value/>'.repeat(1_000_000)}</data></array>`);
    fails(() => decodeResponse(million), 'SPINDLE_CODEC_LIMIT_EXCEEDED', -32600, /maxElements \(1000000\)/);
    const params = call('<param><value/></param>'.repeat(600_000));
    fails(() => decodeCall(params), 'SPINDLE_CODEC_LIMIT_EXCEEDED', -32600, /maxElements/);
    fails(
      () => decodeResponse(response(`<string>${'x'.repeat(2000)}</string>`), { maxStringLength: 1000 }),
      'SPINDLE_CODEC_LIMIT_EXCEEDED',
      -32600,
      /maxStringLength/,
    );
    fails(
      () => decodeResponse(Buffer.alloc(2000, 32), { maxBytes: 1000 }),
      'SPINDLE_CODEC_LIMIT_EXCEEDED',
      -32600,
      /maxBytes/,
    );
  });

  it('D11 huge method name or characters outside [A-Za-z0-9_.:/] give -32600', () => {
    fails(
      () => decodeCall(`<methodCall><methodName>${'a'.repeat(1024 * 1024)}</methodName></methodCall>`),
      'SPINDLE_CODEC_LIMIT_EXCEEDED',
      -32600,
      /maxMethodNameLength \(256\)/,
    );
    fails(
      () => decodeCall('<methodCall><methodName>rm -rf</methodName></methodCall>'),
      'SPINDLE_CODEC_INVALID_REQUEST',
      -32600,
      /method name/,
    );
    fails(
      () => decodeCall('<methodCall><methodName></methodName></methodCall>'),
      'SPINDLE_CODEC_INVALID_REQUEST',
      -32600,
      /method name/,
    );
    assert.equal(
      decodeCall('<methodCall><methodName>system.multicall</methodName></methodCall>').method,
      'system.multicall',
    );
  });

  it('D12 invalid UTF-8 gives -32702; unsupported encodings give -32701', () => {
    const bad = Buffer.concat([
      Buffer.from(response('<string>')),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('</string></value></param></params></methodResponse>'),
    ]);
    fails(() => decodeResponse(bad), 'SPINDLE_CODEC_INVALID_CHARACTER', -32702, /not valid UTF-8 .*offset/);
    fails(() => decodeResponse(Buffer.from([0x3c, 0xff, 0xfe])), 'SPINDLE_CODEC_INVALID_CHARACTER', -32702);
    fails(
      () => decodeResponse(`<?xml version="1.0" encoding="EBCDIC-XYZ"?>${response('1').slice(21)}`),
      'SPINDLE_CODEC_UNSUPPORTED_ENCODING',
      -32701,
      /EBCDIC-XYZ/,
    );
    fails(
      () => decodeResponse(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(response('1'), 'utf16le')])),
      'SPINDLE_CODEC_UNSUPPORTED_ENCODING',
      -32701,
      /UTF-16/,
    );
    fails(
      () => decodeResponse(Buffer.from(response('1'), 'utf16le')),
      'SPINDLE_CODEC_INVALID_CHARACTER',
      -32702,
    );
    fails(
      () => decodeResponse(response('<string>\uD800</string>')),
      'SPINDLE_CODEC_INVALID_CHARACTER',
      -32702,
    );
  });

  it('D13 C0 control characters, raw or as references, give -32702 (invalid character)', () => {
    fails(
      () => decodeResponse(response('<string>a\u0001b</string>')),
      'SPINDLE_CODEC_INVALID_CHARACTER',
      -32702,
      /U\+0001/,
    );
    fails(
      () => decodeResponse(response('<string>a&#1;b</string>')),
      'SPINDLE_CODEC_INVALID_CHARACTER',
      -32702,
      /&#1;/,
    );
    fails(
      () => decodeResponse(response('<string>&#x0;</string>')),
      'SPINDLE_CODEC_INVALID_CHARACTER',
      -32702,
    );
    fails(() => decodeResponse(response('<int>\u00001</int>')), 'SPINDLE_CODEC_INVALID_CHARACTER', -32702);
    fails(
      () => decodeResponse(`${response('<int>1</int>')}\u0007`),
      'SPINDLE_CODEC_INVALID_CHARACTER',
      -32702,
    );
    fails(
      () => decodeResponse(response('<array>\u0002<data/></array>')),
      'SPINDLE_CODEC_INVALID_CHARACTER',
      -32702,
    );
    assert.equal(decodeResponse(response('<string>tab\there&#9;&#10;&#13;</string>')), 'tab\there\t\n\r');
  });

  it('D14 an unbound prefix is read tolerantly by local name (documented)', () => {
    assert.equal(decodeResponse(response('<ex:nil/>')), null);
    assert.equal(decodeResponse(response('<foo:i4>3</foo:i4>')), 3);
  });

  it('D15 member names __proto__, constructor, prototype, hasOwnProperty are own data, in both struct modes', () => {
    const names = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];
    const xml = response(
      `<struct>${names.map((n) => `<member><name>${n}</name><value><struct><member><name>polluted</name><value>1</value></member></struct></value></member>`).join('')}</struct>`,
    );
    for (const [structs, proto] of [
      ['object', Object.prototype],
      ['null-prototype', null],
    ] as const) {
      const decoded = decodeResponse(xml, undefined, { structs }) as Record<string, unknown>;
      assert.equal(Object.getPrototypeOf(decoded), proto);
      assert.deepEqual(Object.keys(decoded), names);
      for (const n of names) {
        assert.ok(Object.prototype.hasOwnProperty.call(decoded, n), n);
        assert.deepEqual(decoded[n], struct({ polluted: '1' }, proto === null));
      }
      assert.equal('polluted' in decoded, false);
      assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    }
  });

  it('D15 a member named like a setter a polluted Object.prototype gained stays own data', () => {
    let called = false;
    Object.defineProperty(Object.prototype, 'isAdmin', {
      set() {
        called = true;
      },
      configurable: true,
    });
    try {
      const decoded = decodeResponse(
        response('<struct><member><name>isAdmin</name><value><boolean>1</boolean></value></member></struct>'),
      ) as Record<string, unknown>;
      assert.equal(called, false);
      assert.equal(Object.getOwnPropertyDescriptor(decoded, 'isAdmin')?.value, true);
    } finally {
      delete (Object.prototype as { isAdmin?: unknown }).isAdmin;
    }
  });

  it('D16 duplicate member names: the last one wins (CPython policy, documented)', () => {
    const xml = response(
      '<struct><member><name>a</name><value><int>1</int></value></member><member><name>a</name><value><int>2</int></value></member></struct>',
    );
    assert.deepEqual(decodeResponse(xml), struct({ a: 2 }));
  });

  it('D17 method names like __proto__ or a.__proto__.b decode as plain strings for an exact-name lookup', () => {
    for (const name of ['__proto__', 'constructor', 'toString', '_private', 'a.__proto__.b']) {
      assert.equal(decodeCall(`<methodCall><methodName>${name}</methodName></methodCall>`).method, name);
    }
  });

  it('D18–D20 multicall payloads decode as data (the exporter judges them); 100,000 entries hit the element limit', () => {
    const entry = (name: string, params: string): string =>
      `<value><struct><member><name>methodName</name><value>${name}</value></member><member><name>params</name><value>${params}</value></member></struct></value>`;
    const nested = decodeCall(
      call(
        param(
          `<array><data>${entry('system.multicall', '<array><data/></array>')}<value><int>5</int></value></data></array>`,
        ),
      ),
    );
    assert.deepEqual(nested.params, [[struct({ methodName: 'system.multicall', params: [] }), 5]]);
    const many = decodeCall(
      call(param(`<array><data>${entry('a', '<array><data/></array>').repeat(10_000)}</data></array>`)),
    );
    assert.equal((many.params[0] as unknown[]).length, 10_000);
    const tooMany = call(
      param(`<array><data>${entry('a', '<array><data/></array>').repeat(100_000)}</data></array>`),
    );
    fails(() => decodeCall(tooMany), 'SPINDLE_CODEC_LIMIT_EXCEEDED', -32600, /maxElements/);
    const odd = decodeCall(
      call(param(`<array><data><value><int>1</int></value>${entry('b', '<int>2</int>')}</data></array>`)),
    );
    assert.deepEqual(odd.params, [[1, struct({ methodName: 'b', params: 2 })]]);
  });

  it('D21 ex:serializable and ex:dom are never decoded: -32600', () => {
    fails(
      () => decodeResponse(response('<ex:serializable>rO0ABXNyABFqYXZh</ex:serializable>')),
      'SPINDLE_CODEC_INVALID_REQUEST',
      -32600,
      /never decoded/,
    );
    fails(
      () => decodeResponse(response('<ex:dom><root/></ex:dom>')),
      'SPINDLE_CODEC_INVALID_REQUEST',
      -32600,
    );
  });

  it('D22 a fault carrying faultCause bytes: kept as bytes, never deserialized', () => {
    const xml =
      '<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>0</int></value></member>' +
      '<member><name>faultString</name><value>boom</value></member>' +
      '<member><name>faultCause</name><value><base64>rO0ABXNyABNqYXZhLmxhbmcuRXhjZXB0aW9u</base64></value></member></struct></value></fault></methodResponse>';
    assert.throws(
      () => decodeResponse(xml),
      (error: unknown) => {
        assert.ok(error instanceof Fault);
        assert.equal(error.faultCode, 0);
        assert.equal(error.faultString, 'boom');
        assert.ok(Buffer.isBuffer(error.extra['faultCause']));
        return true;
      },
    );
  });
});
