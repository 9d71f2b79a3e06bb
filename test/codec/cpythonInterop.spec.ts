import assert from 'node:assert/strict';
import { join } from 'node:path';

import { Fault, XmlRpcDouble } from '../../src/index.js';
import {
  decodeCall,
  decodeResponse,
  encodeCall,
  encodeFault,
  encodeResponse,
} from '../../src/entries/codec.js';
import { runPython } from '../helpers/runPython.js';
import { deepStruct } from './structs.js';

const script = join(import.meta.dirname, '..', '..', '..', 'test', 'codec', 'cpythonInterop.py');

/** A class instance as application code returns one: CPython reads its fields, as its marshaller writes an object's `__dict__`. */
class Account {
  public note: string | undefined = undefined;
  public constructor(
    public readonly owner: string,
    private readonly balance: number,
  ) {}

  public get overdrawn(): boolean {
    return this.balance < 0;
  }
}

const bytes = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));

/** The corpus of cpythonInterop.py as Spindle values (what Spindle sends to CPython). */
const corpus: Record<string, unknown[]> = {
  int: [42, -7, 0],
  'int bounds': [-2147483648, 2147483647],
  double: [3.25, -0.5, 1e-7, 1.5e300, new XmlRpcDouble(3)],
  boolean: [true, false],
  string: ['hello world'],
  'empty string': [''],
  escapes: ['a < b && c > d "q" \'s\' ]]>'],
  'carriage return': ['line1\r\nline2\rline3\n'],
  unicode: ['h\u00e9llo w\u00f6rld \u2713 \u6f22\u5b57'],
  emoji: ['\u{1F600} party \u{1F389}'],
  whitespace: ['  spaced\tout  '],
  'nested struct': [{ a: { b: { c: [1, 2, { d: 'e' }] } }, z: 'last' }],
  'empty struct': [{}],
  'empty array': [[]],
  'numeric-looking keys': [{ '2000': { '04': { '01': { moe: 1, larry: 2, curly: 3 } } } }],
  'special keys': [JSON.parse('{"__proto__":1,"constructor":2,"hasOwnProperty":3,"":4}')],
  none: [null, [null], { n: null }],
  // Zone-less on the wire, read as UTC both ways.
  datetime: [new Date(Date.UTC(1998, 6, 17, 14, 8, 55)), new Date(Date.UTC(2024, 1, 29))],
  'base64 76 columns': [bytes],
  'empty base64': [Buffer.alloc(0)],
  'mixed array': [[1, 'two', 3.5, true, null, { x: [] }, [[]]]],
  'many params': [1, 'a', [2], { b: 3 }],
  'large doubles': [1e15, 2 ** 53, -1e15, 2 ** 32],
  'datetime fraction': [new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 123))],
};

/** What Spindle reads from CPython's dumps where it differs from what it sends. */
const readBack: Record<string, unknown[]> = {
  double: [3.25, -0.5, 1e-7, 1.5e300, 3],
  // CPython writes \r raw, and XML turns raw line ends into \n: CPython itself loses it.
  'carriage return': ['line1\nline2\nline3\n'],
};

describe('codec: interop with CPython xmlrpc.client', function () {
  this.timeout(30_000);

  it('reads what CPython dumps writes into the expected values', async () => {
    const written = (await runPython(script, { op: 'dumps' })) as Record<string, string>;
    assert.deepEqual(
      Object.keys(written).sort(),
      [...Object.keys(corpus), 'response', 'fault', 'none response'].sort(),
    );
    for (const [name, params] of Object.entries(corpus)) {
      const xml = written[name];
      assert.ok(xml !== undefined);
      const call = decodeCall(xml);
      assert.equal(call.method, 'interop.echo', name);
      assert.deepStrictEqual(call.params, deepStruct(readBack[name] ?? params), name);
      // CPython writes base64 in 76-column lines.
      if (name === 'base64 76 columns') assert.match(xml, /<base64>\n?[A-Za-z0-9+/]{76}\n/);
    }
    assert.match(written['large doubles'] ?? '', /<double>1000000000000000\.0<\/double>/);
    // CPython's None result is <nil/>: null, as JSON would give it.
    assert.match(written['none response'] ?? '', /<nil\/>/);
    assert.equal(decodeResponse(written['none response'] ?? ''), null);
    assert.deepStrictEqual(
      decodeResponse(written['response'] ?? ''),
      deepStruct({ ok: true, items: [1, 2] }),
    );
    assert.throws(
      () => decodeResponse(written['fault'] ?? ''),
      (error: unknown) =>
        error instanceof Fault && error.faultCode === 4 && error.faultString === 'Too many parameters.',
    );
  });

  it('writes what CPython loads reads into equal values', async () => {
    const items: Record<string, string> = {};
    for (const [name, params] of Object.entries(corpus))
      items[name] = encodeCall('interop.echo', params).toString('utf8');
    items['response'] = encodeResponse({ ok: true, items: [1, 2] }).toString('utf8');
    items['fault'] = encodeFault(4, 'Too many parameters.').toString('utf8');
    // A void method's result: CPython reads None.
    items['void response'] = encodeResponse(undefined).toString('utf8');
    // undefined is nil to CPython wherever it is: a struct member, a trailing argument (sent,
    // not dropped), the only argument; a class instance is its fields.
    const sentOnly: Record<string, unknown[]> = {
      'undefined member': [{ name: 'Ada', email: undefined }],
      'trailing undefined': [1, undefined],
      'only argument undefined': [undefined],
      instance: [new Account('Ada', 10)],
    };
    for (const [name, params] of Object.entries(sentOnly))
      items[name] = encodeCall('interop.echo', params).toString('utf8');
    assert.match(items['undefined member'] ?? '', /<name>email<\/name><value><nil><\/nil><\/value>/);
    assert.equal((items['trailing undefined'] ?? '').split('<param>').length - 1, 2);
    assert.match(items['large doubles'] ?? '', /<double>9007199254740992\.0<\/double>/);
    assert.match(items['datetime fraction'] ?? '', /20260102T03:04:05\.123</);
    const verdicts = (await runPython(script, { op: 'loads', items })) as Record<
      string,
      { ok: boolean; got: string; method: string | null }
    >;
    for (const name of Object.keys(items)) {
      const verdict = verdicts[name];
      assert.ok(verdict !== undefined, name);
      assert.equal(verdict.ok, true, `${name}: CPython read ${verdict.got}`);
      if (name in corpus || name in sentOnly) assert.equal(verdict.method, 'interop.echo', name);
    }
  });
});
