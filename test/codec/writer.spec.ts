import assert from 'node:assert/strict';

import { CodecError, XmlRpcDouble } from '../../src/index.js';
import { decodeResponse, dumps, encodeResponse } from '../../src/entries/codec.js';
import { struct } from './structs.js';

const HEAD = '<?xml version="1.0"?><methodResponse><params><param>';
const TAIL = '</param></params></methodResponse>';

function valueXml(value: unknown): string {
  const text = encodeResponse(value).toString('utf8');
  assert.ok(text.startsWith(HEAD) && text.endsWith(TAIL), text);
  return text.slice(HEAD.length, -TAIL.length);
}

describe('codec: the byte writer', () => {
  it('writes messages far larger than its buffer, then small ones correctly again', () => {
    const big = Array.from({ length: 60_000 }, (_, i) => ({ id: i, name: `n${i} & é`, ok: i % 2 === 0 }));
    const bytes = encodeResponse(big);
    assert.ok(bytes.length > 5_000_000, String(bytes.length));
    const back = decodeResponse(bytes, { maxBytes: 64 * 1024 * 1024, maxElements: 10_000_000 }) as unknown[];
    assert.equal(back.length, big.length);
    assert.deepEqual(back[59_999], struct({ id: 59_999, name: 'n59999 & é', ok: false }));
    assert.equal(valueXml(7), '<value><int>7</int></value>');
  });

  it('is not disturbed by a value that encodes another message while it is written', () => {
    const inner = { ok: true };
    let nested = '';
    const outer = {
      first: 1,
      get second(): string {
        nested = encodeResponse(inner).toString('utf8');
        return 'two';
      },
    };
    assert.equal(
      valueXml(outer),
      '<value><struct><member><name>first</name><value><int>1</int></value></member>' +
        '<member><name>second</name><value><string>two</string></value></member></struct></value>',
    );
    assert.equal(
      nested,
      `${HEAD}<value><struct><member><name>ok</name><value><boolean>1</boolean></value></member></struct></value>${TAIL}`,
    );
  });

  it('writes a correct message after one that failed half-way', () => {
    const cyclic: Record<string, unknown> = { a: [1, 2, 3] };
    cyclic['self'] = cyclic;
    assert.throws(() => encodeResponse(cyclic), CodecError);
    assert.throws(() => encodeResponse({ deep: [{ bad: Number.NaN }] }), /result\.deep\[0\]\.bad/);
    assert.equal(
      valueXml([cyclic['a']]),
      '<value><array><data><value><array><data>' +
        '<value><int>1</int></value><value><int>2</int></value><value><int>3</int></value>' +
        '</data></array></value></data></array></value>',
    );
  });

  it('writes integers of every width and sign', () => {
    for (const n of [0, 9, 10, 99, 100, -1, -10, 123456789, 2147483647, -2147483648, 1000000000]) {
      assert.equal(valueXml(n), `<value><int>${n}</int></value>`);
    }
  });

  it('writes short decimals exactly as the general double formatting would', () => {
    const cases: [number, string][] = [
      [0.125, '0.125'],
      [1.5, '1.5'],
      [-2.25, '-2.25'],
      [0.001, '0.001'],
      [-0.05, '-0.05'],
      [19.99, '19.99'],
      [1999999999.999, '1999999999.999'],
      [1e-7, '0.0000001'],
      [123456789.0125, '123456789.0125'],
      [0.1 + 0.2, '0.30000000000000004'],
      [-0, '-0.0'],
    ];
    for (const [n, text] of cases) assert.equal(valueXml(n), `<value><double>${text}</double></value>`);
    assert.equal(valueXml(new XmlRpcDouble(20)), '<value><double>20.0</double></value>');
    assert.equal(valueXml(new XmlRpcDouble(-3)), '<value><double>-3.0</double></value>');
  });

  it('escapes member names and strings of every length and alphabet', () => {
    const long = `${'x'.repeat(60)} & <tag> \r`;
    const value = { 'a&b': 1, '<k>': 2, é: 3, ['k'.repeat(70)]: long, emoji: 'ok 😀 \r<' };
    assert.equal(
      valueXml(value),
      '<value><struct>' +
        '<member><name>a&amp;b</name><value><int>1</int></value></member>' +
        '<member><name>&lt;k&gt;</name><value><int>2</int></value></member>' +
        '<member><name>é</name><value><int>3</int></value></member>' +
        `<member><name>${'k'.repeat(70)}</name><value><string>${'x'.repeat(60)} &amp; &lt;tag&gt; &#13;</string></value></member>` +
        '<member><name>emoji</name><value><string>ok 😀 &#13;&lt;</string></value></member>' +
        '</struct></value>',
    );
    assert.deepEqual(decodeResponse(encodeResponse(value)), struct(value));
  });

  it('writes text for dumps as it writes bytes for the encoders', () => {
    const params = [{ a: 'é & 😀', b: [1.25, true] }];
    assert.equal(dumps(params, { methodResponse: true }), encodeResponse(params[0]).toString('utf8'));
  });
});
