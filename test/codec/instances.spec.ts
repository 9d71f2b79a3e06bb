import assert from 'node:assert/strict';

import { CodecError } from '../../src/index.js';
import { decodeCall, decodeResponse, encodeCall, encodeResponse } from '../../src/entries/codec.js';

/** A value class as application code writes one: TS-private and #private fields, a getter, a method. */
class Account {
  #pin = 1234;
  public note: string | undefined = undefined;
  public constructor(
    public readonly owner: string,
    private balance: number,
  ) {}

  public get overdrawn(): boolean {
    return this.balance < 0 || this.#pin < 0;
  }

  public deposit(amount: number): void {
    this.balance += amount;
  }
}

/** A class that says how it is written, as JSON.stringify asks it to. */
class Money {
  public constructor(
    private readonly cents: number,
    private readonly currency: string,
  ) {}

  public toJSON(): { amount: number; currency: string } {
    return { amount: this.cents / 100, currency: this.currency };
  }
}

/** Round trip of `value` as a result, and as a call's only argument. */
function bothWays(value: unknown): [unknown, unknown] {
  return [decodeResponse(encodeResponse(value)), decodeCall(encodeCall('f', [value])).params[0]];
}

function refused(value: unknown, message: RegExp): void {
  for (const encode of [() => encodeResponse(value), () => encodeCall('f', [value])]) {
    assert.throws(encode, (error: unknown) => {
      assert.ok(error instanceof CodecError, String(error));
      assert.equal(error.code, 'SPINDLE_CODEC_UNENCODABLE');
      assert.match(error.message, message);
      return true;
    });
  }
}

describe('codec: class instances, written as JSON.stringify and CPython write them', () => {
  it('writes an instance as its own enumerable fields, TS-private ones included, #private ones, getters and methods never', () => {
    const account = new Account('Ada', 10);
    for (const decoded of bothWays(account)) {
      assert.deepStrictEqual(decoded, { note: undefined, owner: 'Ada', balance: 10 });
      assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
      assert.deepStrictEqual(decoded, { ...JSON.parse(JSON.stringify(account)), note: undefined });
    }
  });

  it('writes what toJSON() returns, and the fields when it returns the instance itself', () => {
    for (const decoded of bothWays(new Money(1250, 'EUR'))) {
      assert.deepStrictEqual(decoded, { amount: 12.5, currency: 'EUR' });
    }
    const self = new (class Self {
      public readonly id = 3;
      public toJSON(): this {
        return this;
      }
    })();
    assert.deepStrictEqual(bothWays(self), [{ id: 3 }, { id: 3 }]);
    const text = new (class Tag {
      public toJSON(): string {
        return 'tag:1';
      }
    })();
    assert.deepStrictEqual(bothWays(text), ['tag:1', 'tag:1']);
  });

  it('writes instances nested in structs, arrays and Maps', () => {
    const value = { accounts: [new Account('Ada', 1)], prices: new Map([['x', new Money(5, 'USD')]]) };
    assert.deepStrictEqual(decodeResponse(encodeResponse(value)), {
      accounts: [{ note: undefined, owner: 'Ada', balance: 1 }],
      prices: { x: { amount: 0.05, currency: 'USD' } },
    });
  });

  it('writes boxed primitives as their primitive, as JSON does', () => {
    const boxed = [new String('a'), new Number(2.5), new Boolean(false), Object(7n)] as unknown[];
    assert.deepStrictEqual(bothWays(boxed), [
      ['a', 2.5, false, 7],
      ['a', 2.5, false, 7],
    ]);
  });

  it('refuses built-ins that would lose their content, naming the path and what to send instead', () => {
    refused(Promise.resolve(1), /a Promise is not an XML-RPC value \(await it first\)/);
    refused(
      { tags: new Set(['a']) },
      /\.tags: a Set is not an XML-RPC value \(send an array, \[\.\.\.set\]\)/,
    );
    refused([1, new WeakMap()], /\[1\]: a WeakMap is not an XML-RPC value/);
    refused(new WeakSet(), /a WeakSet is not/);
    refused(new Error('boom'), /an Error is not an XML-RPC value \(throw it to answer with a fault/);
    class NotFound extends Error {}
    refused(new NotFound('x'), /a NotFound \(an Error\) is not an XML-RPC value/);
    refused(/x+/g, /a RegExp is not an XML-RPC value \(send its source as a string\)/);
    refused(
      new Int16Array(2),
      /an Int16Array \(a typed array\) is not an XML-RPC value \(send its bytes as a Uint8Array\)/,
    );
    refused(new DataView(new ArrayBuffer(2)), /DataView \(a typed array\)/);
    refused(new ArrayBuffer(4), /an ArrayBuffer is not an XML-RPC value \(send a Uint8Array over it\)/);
    function* numbers(): Generator<number> {
      yield 1;
    }
    refused(
      numbers(),
      /a Generator \(an iterator\) is not an XML-RPC value \(send an array, \[\.\.\.iterator\]\)/,
    );
    refused(new Map([['a', 1]]).values(), /a Map Iterator \(an iterator\) is not an XML-RPC value/);
  });

  it('refuses cycles through instances and through toJSON()', () => {
    const account = new Account('Ada', 1) as Account & { self?: unknown };
    account.self = account;
    refused(account, /\.self: the value contains itself \(a cycle\)/);
    const loop = new (class Loop {
      public toJSON(): unknown {
        return { again: this };
      }
    })();
    refused(loop, /\.again: the value contains itself \(a cycle\)/);
    const endless = new (class Endless {
      public toJSON(): unknown {
        return new Endless();
      }
    })();
    refused(endless, /nested deeper than 1000/);
  });
});
