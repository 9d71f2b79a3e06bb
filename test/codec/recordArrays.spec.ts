import assert from 'node:assert/strict';

import { CodecError, decodeResponse, encodeResponse } from '../../src/entries/codec.js';
import { response } from './structs.js';

/** The same document with a space in every member's tags, which takes the general reader. */
function spaced(body: string): string {
  return body.replaceAll('<member>', '<member >').replaceAll('<name>', '<name >');
}

function member(name: string, value: string): string {
  return `<member><name>${name}</name><value>${value}</value></member>`;
}

function records(...structs: string[][]): string {
  return response(
    `<array><data>${structs.map((members) => `<value><struct>${members.join('')}</struct></value>`).join('')}</data></array>`,
  );
}

function failure(fn: () => unknown): CodecError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof CodecError, String(error));
    return error;
  }
  assert.fail('expected a CodecError');
}

/** The message without its line and column, which the inserted spaces move. */
function withoutPlace(error: CodecError): string {
  return error.message.replace(/ \(line \d+, column \d+\)/, '');
}

// Arrays of flat structs (the usual large result) are read a whole record at
// a time; these pin that they read exactly what the general reader reads.
describe('codec: arrays of flat structs', () => {
  const kinds = [
    member('s', '<string>a &amp; b</string>'),
    member('i', '<int>-2147483648</int>'),
    member('i4', '<i4>+7</i4>'),
    member('d', '<double>-1.5e3</double>'),
    member('t', '<boolean>1</boolean>'),
    member('f', '<boolean>0</boolean>'),
    member('big', '<i8>9007199254740993</i8>'),
    member('untyped', 'x &#233; y'),
    member('empty', ''),
    member('emptyString', '<string></string>'),
  ];

  it('reads every plain member kind, shapes that change, repeated and prototype names', () => {
    const body = records(
      kinds,
      kinds,
      [member('s', 'only one')],
      [member('__proto__', '<int>1</int>'), member('constructor', 'c'), member('toString', '<int>2</int>')],
      [member('k', '<int>1</int>'), member('k', '<int>2</int>')],
      [],
      Array.from({ length: 70 }, (_, i) => member(`m${i}`, `<int>${i}</int>`)),
      kinds,
    );
    const fast = decodeResponse(body) as Record<string, unknown>[];
    assert.deepStrictEqual(fast, decodeResponse(spaced(body)));
    assert.deepStrictEqual(fast[0], {
      s: 'a & b',
      i: -2147483648,
      i4: 7,
      d: -1500,
      t: true,
      f: false,
      big: 9007199254740993n,
      untyped: 'x é y',
      empty: '',
      emptyString: '',
    });
    const prototypeNames = fast[3] as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(prototypeNames), Object.prototype);
    assert.deepEqual(Object.keys(prototypeNames), ['__proto__', 'constructor', 'toString']);
    assert.equal(Object.getOwnPropertyDescriptor(prototypeNames, '__proto__')?.value, 1);
    assert.deepEqual(fast[4], { k: 2 });
    assert.equal(Object.keys(fast[6] as object).length, 70);
  });

  it('reads null-prototype structs the same way', () => {
    const body = records(kinds, [member('__proto__', '<int>1</int>')]);
    const fast = decodeResponse(body, undefined, { structs: 'null-prototype' }) as object[];
    assert.deepStrictEqual(fast, decodeResponse(spaced(body), undefined, { structs: 'null-prototype' }));
    assert.equal(Object.getPrototypeOf(fast[0]), null);
    assert.equal(Object.getOwnPropertyDescriptor(fast[1], '__proto__')?.value, 1);
  });

  it('names the failing member with the general reader’s words', () => {
    for (const bad of [
      '<int>1x</int>',
      '<int>2147483648</int>',
      '<boolean>2</boolean>',
      '<double>1e999</double>',
    ]) {
      const body = records([member('a', '<int>1</int>')], [member('a', '<int>2</int>'), member('n', bad)]);
      const fast = failure(() => decodeResponse(body));
      const general = failure(() => decodeResponse(spaced(body)));
      assert.equal(fast.code, general.code);
      assert.equal(withoutPlace(fast), withoutPlace(general));
      assert.match(fast.message, /at result\[1\]\.n|at params\[0\]\[1\]\.n/);
      assert.match(fast.message, /\(line 1, column \d+\)/);
    }
  });

  it('counts elements and string lengths as the general reader does', () => {
    const body = records(kinds, kinds);
    const elements = (body.match(/<[^/?]/g) ?? []).length;
    assert.ok(Array.isArray(decodeResponse(body, { maxElements: elements })));
    for (const doc of [body, spaced(body)]) {
      const error = failure(() => decodeResponse(doc, { maxElements: elements - 1 }));
      assert.equal(error.code, 'SPINDLE_CODEC_LIMIT_EXCEEDED');
    }
    const long = records([member('k', `<string>${'x'.repeat(11)}</string>`)]);
    const error = failure(() => decodeResponse(long, { maxStringLength: 10 }));
    assert.equal(error.code, 'SPINDLE_CODEC_LIMIT_EXCEEDED');
    assert.match(error.message, /params\[0\]\[0\]\.k/);
    const longName = records([member('k'.repeat(11), '<int>1</int>')]);
    assert.equal(
      failure(() => decodeResponse(longName, { maxStringLength: 10 })).code,
      'SPINDLE_CODEC_LIMIT_EXCEEDED',
    );
  });

  it('refuses a forbidden character in a record as the general reader does', () => {
    const body = records([member('a', `<string>x\u0001y</string>`)]);
    const fast = failure(() => decodeResponse(body));
    assert.equal(fast.code, 'SPINDLE_CODEC_INVALID_CHARACTER');
    assert.equal(withoutPlace(fast), withoutPlace(failure(() => decodeResponse(spaced(body)))));
  });
});

/** `<array><data>…</data></array>` of the given item values (each the inside of a `<value>`). */
function plainArray(...items: string[]): string {
  return `<array><data>${items.map((item) => `<value>${item}</value>`).join('')}</data></array>`;
}

/** A struct as a single param, whose members are read one by one (not a record of an array). */
function single(members: string[]): string {
  return response(`<struct>${members.join('')}</struct>`);
}

// Records often carry a short list of scalars (tags, ids): such a member is
// read with its record, and a lone struct's such member without the general
// grammar. These pin that both read what the general reader reads.
describe('codec: arrays of plain scalars inside structs', () => {
  const tags = member(
    'tags',
    plainArray(
      '<string>a &amp; b</string>',
      '<int>-7</int>',
      '<i4>+7</i4>',
      '<double>2.5</double>',
      '<boolean>1</boolean>',
      '<i8>9007199254740993</i8>',
      'untyped &#233;',
      '',
      '<string></string>',
    ),
  );
  const expected = ['a & b', -7, 7, 2.5, true, 9007199254740993n, 'untyped é', '', ''];

  it('reads them in records, in a lone struct, empty, and beside nested containers', () => {
    const nested = member('nested', plainArray(plainArray('<int>1</int>'), '<struct></struct>'));
    const variants = [
      [member('id', '<int>1</int>'), tags, member('empty', plainArray())],
      [tags, tags],
      [member('ids', plainArray('<int>1</int>', '<int>2</int>')), nested],
      [member('many', plainArray(...Array.from({ length: 70 }, (_, i) => `<int>${i}</int>`)))],
      [member('__proto__', plainArray('x')), member('constructor', plainArray())],
    ];
    for (const body of [records(...variants), ...variants.map(single)]) {
      const fast = decodeResponse(body);
      assert.deepStrictEqual(fast, decodeResponse(spaced(body)));
      assert.deepStrictEqual(
        decodeResponse(body, undefined, { structs: 'null-prototype' }),
        decodeResponse(spaced(body), undefined, { structs: 'null-prototype' }),
      );
    }
    const [first] = decodeResponse(records(variants[0] ?? [])) as Record<string, unknown>[];
    assert.deepStrictEqual(first, { id: 1, tags: expected, empty: [] });
    assert.deepStrictEqual(
      (decodeResponse(single(variants[0] ?? [])) as Record<string, unknown>)['tags'],
      expected,
    );
    const prototypeNames = decodeResponse(single(variants[4] ?? [])) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(prototypeNames), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(prototypeNames, '__proto__')?.value, ['x']);
  });

  it('names the failing item with the general reader’s words', () => {
    for (const bad of [
      '<int>1x</int>',
      '<boolean>2</boolean>',
      '<double>1e999</double>',
      '<i4>99999999999</i4>',
    ]) {
      const inRecord = records(
        [member('a', '<int>1</int>')],
        [member('tags', plainArray('<int>2</int>', bad))],
      );
      const inStruct = single([member('tags', plainArray('<int>2</int>', bad))]);
      for (const body of [inRecord, inStruct]) {
        const fast = failure(() => decodeResponse(body));
        const general = failure(() => decodeResponse(spaced(body)));
        assert.equal(fast.code, general.code);
        assert.equal(withoutPlace(fast), withoutPlace(general));
      }
      assert.match(failure(() => decodeResponse(inRecord)).message, /at params\[0\]\[1\]\.tags\[1\]/);
      assert.match(failure(() => decodeResponse(inStruct)).message, /at params\[0\]\.tags\[1\]/);
    }
  });

  it('counts elements, depth and string lengths as the general reader does', () => {
    const body = records([member('id', '<int>1</int>'), tags], [tags]);
    const elements = (body.match(/<[^/?]/g) ?? []).length;
    assert.ok(Array.isArray(decodeResponse(body, { maxElements: elements })));
    for (const doc of [body, spaced(body), single([tags]), spaced(single([tags]))]) {
      const count = (doc.match(/<[^/?]/g) ?? []).length;
      assert.ok(decodeResponse(doc, { maxElements: count }) !== undefined);
      assert.equal(
        failure(() => decodeResponse(doc, { maxElements: count - 1 })).code,
        'SPINDLE_CODEC_LIMIT_EXCEEDED',
      );
    }
    // result array (1) > record (2) > tags array (3); a lone struct (1) > tags (2)
    for (const [doc, depth] of [
      [body, 3],
      [single([tags]), 2],
    ] as const) {
      assert.ok(decodeResponse(doc, { maxDepth: depth }) !== undefined);
      for (const variant of [doc, spaced(doc)]) {
        const error = failure(() => decodeResponse(variant, { maxDepth: depth - 1 }));
        assert.equal(error.code, 'SPINDLE_CODEC_LIMIT_EXCEEDED');
        assert.match(error.message, /maxDepth/);
      }
    }
    const long = records([member('tags', plainArray(`<string>${'x'.repeat(11)}</string>`))]);
    const error = failure(() => decodeResponse(long, { maxStringLength: 10 }));
    assert.equal(error.code, 'SPINDLE_CODEC_LIMIT_EXCEEDED');
    assert.match(error.message, /params\[0\]\[0\]\.tags\[0\]/);
  });

  it('refuses a forbidden character in an item as the general reader does', () => {
    for (const body of [
      records([member('tags', plainArray('<string>x\u0001y</string>'))]),
      single([member('tags', plainArray('x\u0001y'))]),
    ]) {
      const fast = failure(() => decodeResponse(body));
      assert.equal(fast.code, 'SPINDLE_CODEC_INVALID_CHARACTER');
      assert.equal(withoutPlace(fast), withoutPlace(failure(() => decodeResponse(spaced(body)))));
    }
  });
});

describe('codec: writing arrays of plain objects', () => {
  it('writes members of every kind exactly as they read back', () => {
    const items = [
      { negativeZero: -0, max: 2147483647, min: -2147483648, beyond: 2147483648, half: 1.5 },
      { text: 'a & <b>\r', none: undefined, nested: { deeper: [1, 'two'] }, when: new Date(0) },
      Object.assign(Object.create(null) as Record<string, unknown>, { bare: true }),
    ];
    const body = encodeResponse(items).toString('utf8');
    assert.match(body, /<name>max<\/name><value><int>2147483647<\/int>/);
    assert.match(body, /<name>beyond<\/name><value><double>2147483648\.0<\/double>/);
    assert.match(body, /<name>negativeZero<\/name><value><double>-0\.0<\/double>/);
    const back = decodeResponse(body) as Record<string, unknown>[];
    assert.ok(Object.is(back[0]?.['negativeZero'], -0));
    assert.deepStrictEqual(back[0], items[0]);
    assert.deepStrictEqual(back[1], { ...items[1] });
    assert.deepStrictEqual(back[2], { bare: true });
  });

  it('writes own members only while Object.prototype is polluted', () => {
    const items = [{ a: 1 }, { b: 'x' }];
    const clean = encodeResponse(items).toString('utf8');
    Object.defineProperty(Object.prototype, 'polluted', {
      value: 'leak',
      enumerable: true,
      configurable: true,
    });
    try {
      assert.equal(encodeResponse(items).toString('utf8'), clean);
    } finally {
      delete (Object.prototype as Record<string, unknown>)['polluted'];
    }
    assert.doesNotMatch(clean, /polluted/);
  });
});
