import assert from 'node:assert/strict';

import { CodecError } from '../../src/index.js';
import { decodeCall, decodeResponse } from '../../src/entries/codec.js';
import { response, struct } from './structs.js';

function call(params: string): { method: string; params: unknown[] } {
  return decodeCall(
    `<?xml version="1.0"?><methodCall><methodName>m</methodName><params>${params}</params></methodCall>`,
  );
}

function fails(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof CodecError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

// The shapes common writers send take dedicated fast paths; these pin that
// they read exactly what the general reader would.
describe('codec: reading the common shapes', () => {
  it('reads empty <value></value> as "" in params, arrays and structs', () => {
    assert.deepEqual(call('<param><value></value></param>').params, ['']);
    assert.deepEqual(
      decodeResponse(
        response(
          '<array><data><value></value><value>x</value><value><string></string></value></data></array>',
        ),
      ),
      ['', 'x', ''],
    );
    assert.deepEqual(
      decodeResponse(response('<struct><member><name>a</name><value></value></member></struct>')),
      struct({ a: '' }),
    );
  });

  it('decodes references in plain members, items and params', () => {
    const text = 'x &amp; &lt;y&gt; &quot;&apos; &#233; &#x1F600;';
    const decoded = 'x & <y> "\' é 😀';
    assert.deepEqual(
      call(`<param><value><string>${text}</string></value></param><param><value>${text}</value></param>`)
        .params,
      [decoded, decoded],
    );
    assert.deepEqual(
      decodeResponse(
        response(
          `<struct><member><name>s</name><value><string>${text}</string></value></member>` +
            `<member><name>u</name><value>${text}</value></member>` +
            `<member><name>i</name><value><int>&#49;2</int></value></member></struct>`,
        ),
      ),
      struct({ s: decoded, u: decoded, i: 12 }),
    );
    assert.deepEqual(
      decodeResponse(response(`<array><data><value><string>${text}</string></value></data></array>`)),
      [decoded],
    );
  });

  it('refuses bad references in plain values with the general errors', () => {
    fails(
      () => call('<param><value><string>a &bogus; b</string></value></param>'),
      'SPINDLE_CODEC_NOT_WELL_FORMED',
      /undefined entity &bogus;/,
    );
    fails(
      () =>
        decodeResponse(
          response('<struct><member><name>k</name><value><string>&#1;</string></value></member></struct>'),
        ),
      'SPINDLE_CODEC_INVALID_CHARACTER',
      /&#1; names a character XML 1.0 forbids/,
    );
    fails(
      () => decodeResponse(response('<array><data><value>a & b</value></data></array>')),
      'SPINDLE_CODEC_NOT_WELL_FORMED',
      /"&" that starts no reference/,
    );
  });

  it('applies maxStringLength to the decoded text', () => {
    const body = response(
      `<struct><member><name>k</name><value><string>${'&amp;'.repeat(10)}</string></value></member></struct>`,
    );
    assert.deepEqual(decodeResponse(body, { maxStringLength: 10 }), struct({ k: '&'.repeat(10) }));
    fails(
      () => decodeResponse(body, { maxStringLength: 9 }),
      'SPINDLE_CODEC_LIMIT_EXCEEDED',
      /longer than maxStringLength \(9\) at params\[0\]\.k/,
    );
  });

  it('reads members holding structs and arrays, and names their path on errors', () => {
    const body = response(
      '<struct><member><name>items</name><value><array><data><value><struct>' +
        '<member><name>tags</name><value><array><data><value>a</value></data></array></value></member>' +
        '<member><name>n</name><value><int>1</int></value></member>' +
        '</struct></value></data></array></value></member></struct>',
    );
    assert.deepEqual(decodeResponse(body), struct({ items: [{ tags: ['a'], n: 1 }] }));
    fails(
      () => decodeResponse(body.replace('<int>1</int>', '<int>1x</int>')),
      'SPINDLE_CODEC_INVALID_REQUEST',
      /not a valid int at params\[0\]\.items\[0\]\.n/,
    );
  });

  it('refuses a bad scalar in a plain param, naming it', () => {
    fails(
      () =>
        call('<param><value><int>1</int></value></param><param><value><boolean>2</boolean></value></param>'),
      'SPINDLE_CODEC_INVALID_REQUEST',
      /params\[1\]/,
    );
  });

  it('reads documents with other XML declarations and charsets as before', () => {
    const latin1 = Buffer.concat([
      Buffer.from(
        '<?xml version="1.0" encoding="ISO-8859-1"?><methodResponse><params><param><value>',
        'latin1',
      ),
      Buffer.from([0xe9]),
      Buffer.from('</value></param></params></methodResponse>', 'latin1'),
    ]);
    assert.equal(decodeResponse(latin1), 'é');
    assert.equal(decodeResponse(`<?xml version='1.0' encoding='utf-8'?>${response('x').slice(21)}`), 'x');
    fails(
      () => decodeResponse(`<?xml version="1.0" encoding="EBCDIC"?>${response('x').slice(21)}`),
      'SPINDLE_CODEC_UNSUPPORTED_ENCODING',
      /EBCDIC/,
    );
  });

  it('reads the usual prolog byte by byte, and still checks the bytes that follow it', () => {
    const body = (decl: string, encoding: BufferEncoding): Buffer =>
      Buffer.from(
        `${decl}<methodCall><methodName>m</methodName><params><param><value>x\u00e9</value></param></params></methodCall>`,
        encoding,
      );
    for (const decl of ['', '<?xml version="1.0"?>', "<?xml version='1.0'?>", `<?xml version="1.0'?>`]) {
      assert.deepEqual(decodeCall(body(decl, 'utf8')).params, ['xé'], decl);
      fails(() => decodeCall(body(decl, 'latin1')), 'SPINDLE_CODEC_INVALID_CHARACTER', /not valid UTF-8/);
    }
    assert.deepEqual(decodeCall(body('<?xml version="1.0" encoding="latin1"?>', 'latin1')).params, ['xé']);
    fails(
      () => decodeCall(body('<?xml version="1.0"?', 'utf8')),
      'SPINDLE_CODEC_NOT_WELL_FORMED',
      /unterminated XML declaration/,
    );
  });

  it('reads method names written every way as the general reader does', () => {
    const method = (name: string): string =>
      decodeCall(`<methodCall><methodName>${name}</methodName></methodCall>`).method;
    assert.equal(method('sys:tem/x_1.Add'), 'sys:tem/x_1.Add');
    assert.equal(method(' a.b\n'), 'a.b');
    assert.equal(method('a<!--x-->b'), 'ab');
    assert.equal(method('a&#46;b'), 'a.b');
    assert.equal(method('<![CDATA[ab]]>'), 'ab');
    fails(() => method('a b'), 'SPINDLE_CODEC_INVALID_REQUEST', /characters outside/);
    fails(() => method('a</methodNamex>'), 'SPINDLE_CODEC_NOT_WELL_FORMED', /mismatched end tag/);
    fails(() => method('x'.repeat(257)), 'SPINDLE_CODEC_LIMIT_EXCEEDED', /maxMethodNameLength/);
  });

  it('reads member names alike whether or not a recent message had names of the same length and ends', () => {
    // abcz, abdz and aXcz share length, first and last letter (so the slot names are kept in);
    // __proto__ and constructor are never plain assignments, remembered or not.
    const member = (name: string, value: number): string =>
      `<member><name>${name}</name><value><int>${value}</int></value></member>`;
    const names = ['abcz', 'abdz', 'aXcz', 'abcz', 'constructor', '__proto__', 'constructor'];
    for (let round = 0; round < 2; round++) {
      for (const [i, name] of names.entries()) {
        const [value] = call(
          `<param><value><struct>${member(name, i)}${member('abdz', -i)}</struct></value></param>`,
        ).params as [Record<string, unknown>];
        assert.deepEqual(Object.keys(value), name === 'abdz' ? ['abdz'] : [name, 'abdz']);
        assert.equal(Object.getPrototypeOf(value), Object.prototype);
        assert.equal(Object.getOwnPropertyDescriptor(value, name)?.value, name === 'abdz' ? -i : i);
      }
    }
  });

  it('reads an array whose first record nests an array, then flat records, then a bad one', () => {
    const record = (id: string, nested: boolean): string =>
      `<value><struct><member><name>id</name><value><int>${id}</int></value></member>${
        nested ? '<member><name>t</name><value><array><data/></array></value></member>' : ''
      }</struct></value>`;
    const items = `${record('0', true)}${record('1', false)}<value>s</value>${record('2', false)}`;
    assert.deepEqual(call(`<param><value><array><data>${items}</data></array></value></param>`).params, [
      [struct({ id: 0, t: [] }), struct({ id: 1 }), 's', struct({ id: 2 })],
    ]);
    fails(
      () => call(`<param><value><array><data>${items}${record('x', false)}</data></array></value></param>`),
      'SPINDLE_CODEC_INVALID_REQUEST',
      /params\[0\]\[4\]\.id/,
    );
  });
});
