import assert from 'node:assert/strict';

import { Fault } from '../../src/index.js';
import type { ApplicationContext, Remote } from '../../src/index.js';
import { Calculator } from './Calculator.js';
import type { Order } from './Calculator.js';
import { modes } from './modes.js';

/**
 * How a call ended, whichever way the service is wired: a local method may
 * throw synchronously where a remote one rejects, and `await` inside
 * try/catch treats both alike, as application code does.
 */
type Settled = { readonly value: unknown } | { readonly error: unknown };

async function settle(call: () => unknown): Promise<Settled> {
  try {
    return { value: await call() };
  } catch (error) {
    return { error };
  }
}

/** The error a call ended with; fails the test when it succeeded. */
async function errorOf(call: () => unknown): Promise<Error> {
  const outcome = await settle(call);
  assert.ok('error' in outcome, `expected an error, got ${JSON.stringify(outcome)}`);
  assert.ok(outcome.error instanceof Error, `expected an Error, got ${String(outcome.error)}`);
  return outcome.error;
}

/**
 * Checks every value at once: the calls are independent, and over ssh:// each
 * starts a bridge process, which one after another costs seconds apiece on a loaded machine.
 */
async function eachAtOnce<T>(values: readonly T[], check: (value: T) => Promise<void>): Promise<void> {
  await Promise.all(values.map(check));
}

/** What ordinary caller code does with an object it got back. */
function useAsObject(value: object): Record<string, unknown> {
  return {
    keys: Object.keys(value),
    // eslint-disable-next-line no-prototype-builtins -- what much existing code writes
    hasName: value.hasOwnProperty('name'),
    // eslint-disable-next-line @typescript-eslint/no-base-to-string, @typescript-eslint/restrict-template-expressions -- an object in a template string, as code writes it
    text: `${value}`,
    isObject: value instanceof Object,
    json: JSON.stringify(value),
    spread: { ...value },
  };
}

const order: Order = {
  id: 7,
  customer: { name: 'Ada <Lovelace> & Co', email: null },
  lines: [
    { sku: 'A-1', quantity: 2, price: 0.5 },
    { sku: 'B-2', quantity: 3, price: 19.99 },
  ],
  note: 'leave at the door',
};

const integers = [0, 1, -1, 42, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1, -(2 ** 53)];
const doubles = [0.5, 2.0, -0.25, 1 / 3, 0.1, 123456.789, 1e15, 1e15 + 0.5, 2 ** 53, 1e21, 1e-7, -0];
const strings = [
  '',
  'plain',
  '<b>bold</b> & "quoted" \'single\' ]]> &amp;',
  'grüße, 中文, emoji \u{1F600}, accents é',
  '  leading and trailing  ',
  'line 1\nline 2\r\nline 3\ttab',
];
const instant = new Date(Date.UTC(2026, 2, 1, 10, 20, 30, 456));

for (const mode of modes) {
  describe(`transparency: the caller cannot tell, with ${mode.name}`, function () {
    // Generous: over ssh:// every call starts ssh and a bridge process, slow on a loaded machine.
    this.timeout(180_000);
    let ctx: ApplicationContext | undefined;
    let calculator: Remote<Calculator>;
    let local: Calculator;
    before(async () => {
      ctx = await mode.load();
      calculator = ctx.get<Remote<Calculator>>('calculator');
    });
    beforeEach(() => {
      local = new Calculator();
    });
    after(async () => {
      try {
        await ctx?.close();
      } finally {
        await mode.unload?.();
      }
    });

    it('returns integers, within and beyond 32 bits', async () => {
      await eachAtOnce(integers, async (value) => {
        assert.deepStrictEqual(await calculator.echo(value), local.echo(value), String(value));
      });
      assert.deepStrictEqual(await calculator.add(2, 3), local.add(2, 3));
      assert.deepStrictEqual(await calculator.add(2 ** 31 - 1, 1), local.add(2 ** 31 - 1, 1));
    });

    it('returns doubles, integral ones and -0 included', async () => {
      await eachAtOnce(doubles, async (value) => {
        assert.deepStrictEqual(await calculator.echo(value), local.echo(value), String(value));
      });
      assert.deepStrictEqual(await calculator.half(3), local.half(3));
      assert.deepStrictEqual(await calculator.half(2 ** 54), local.half(2 ** 54));
      assert.deepStrictEqual(await calculator.add(0.5, 0.25), local.add(0.5, 0.25));
    });

    it('returns strings with markup, unicode and whitespace intact', async () => {
      await eachAtOnce(strings, async (value) => {
        assert.deepStrictEqual(await calculator.echo(value), local.echo(value), JSON.stringify(value));
        assert.deepStrictEqual(await calculator.greet(value), local.greet(value));
      });
    });

    it('returns booleans, arrays and nested arrays, empty ones included', async () => {
      await eachAtOnce([true, false, [], [1, 'two', [3, [4.5]], true, null], [[], {}], {}], async (value) => {
        assert.deepStrictEqual(await calculator.echo(value), local.echo(value), JSON.stringify(value));
      });
    });

    it('returns structs the caller uses as ordinary objects', async () => {
      const remote = await calculator.describe('n', ['a', 'b']);
      const expected = local.describe('n', ['a', 'b']);
      assert.deepStrictEqual(remote, expected);
      assert.deepStrictEqual(useAsObject(remote), useAsObject(expected));
      assert.deepStrictEqual(await calculator.echo(order), local.echo(order));
    });

    it('returns a struct member the method set to undefined as an undefined member', async () => {
      assert.deepStrictEqual(
        await calculator.contactCard({ name: 'Ada' }),
        local.contactCard({ name: 'Ada' }),
      );
      const both = { name: 'Ada', email: 'ada@example.org' };
      assert.deepStrictEqual(await calculator.contactCard(both), local.contactCard(both));
    });

    it('returns an instance of a class as its data, as JSON.stringify and CPython do', async () => {
      const remote = await calculator.price(5, 'EUR');
      const expected = local.price(5, 'EUR');
      // The class itself cannot travel: what arrives is a plain object of its own fields, and
      // Remote<T> says so (its methods are not in the type).
      const fields: { readonly amount: number; readonly currency: string } = remote;
      // eslint-disable-next-line @typescript-eslint/no-misused-spread -- its own fields are the point
      assert.deepStrictEqual({ ...fields }, { ...expected });
      if (mode.remote) assert.equal(Object.getPrototypeOf(remote), Object.prototype);
      assert.deepStrictEqual(JSON.stringify(remote), JSON.stringify(expected));
    });

    it('hands the method struct arguments it uses as ordinary objects', async () => {
      assert.deepStrictEqual(await calculator.summarize(order), local.summarize(order));
      const withoutNote: Order = { ...order };
      delete withoutNote.note;
      assert.deepStrictEqual(await calculator.summarize(withoutNote), local.summarize(withoutNote));
    });

    /* eslint-disable @typescript-eslint/no-confusing-void-expression -- what a void method gives is the point */
    it('returns undefined from void methods, and undefined or null as the method does', async () => {
      assert.deepStrictEqual(await calculator.setNote('void', 'written'), local.setNote('void', 'written'));
      assert.deepStrictEqual(await calculator.getNote('void'), local.getNote('void'));
      assert.deepStrictEqual(await calculator.getNote('missing'), local.getNote('missing'));
      assert.deepStrictEqual(await calculator.findNote('missing'), local.findNote('missing'));
      assert.deepStrictEqual(await calculator.findNote('void'), local.findNote('void'));
      assert.deepStrictEqual(await calculator.touch(), await local.touch());
      assert.deepStrictEqual(await calculator.clearNotes(), local.clearNotes());
      assert.deepStrictEqual(await calculator.getNote('void'), local.getNote('void'));
    });
    /* eslint-enable @typescript-eslint/no-confusing-void-expression */

    it('passes Dates both ways, as Dates with their milliseconds', async () => {
      const remote = await calculator.addDays(instant, 2);
      const expected = local.addDays(instant, 2);
      assert.deepStrictEqual(remote, expected);
      assert.equal(remote.getTime(), expected.getTime());
      assert.equal(remote.toISOString(), expected.toISOString());
      assert.deepStrictEqual(await calculator.dateFacts(instant), local.dateFacts(instant));
      assert.deepStrictEqual(await calculator.newYear(2027), local.newYear(2027));
      assert.deepStrictEqual(await calculator.echo(instant), local.echo(instant));
      const nested = { when: instant, history: [instant, new Date(0)] };
      assert.deepStrictEqual(await calculator.echo(nested), local.echo(nested));
      assert.deepStrictEqual(await calculator.newOrder(1, 'Grace'), local.newOrder(1, 'Grace'));
    });

    it('passes bytes: Buffers as Buffers, a Uint8Array as a Uint8Array of the same bytes', async () => {
      const buffer = Buffer.from([0, 1, 2, 127, 128, 255]);
      const array = new Uint8Array([9, 0, 255, 60, 62, 38]);
      assert.deepStrictEqual(await calculator.checksum(buffer), local.checksum(buffer));
      assert.deepStrictEqual(await calculator.checksum(array), local.checksum(array));
      assert.deepStrictEqual(await calculator.reversed(array), local.reversed(array));
      assert.deepStrictEqual(await calculator.echo(buffer), local.echo(buffer));
      assert.deepStrictEqual(await calculator.echo(Buffer.alloc(0)), local.echo(Buffer.alloc(0)));
      // Binary arrives as a Buffer, Node's own binary type and a Uint8Array: code written for
      // Uint8Array works on it unchanged.
      const text = await calculator.bytesOf('héllo <&>');
      assert.ok(text instanceof Uint8Array);
      assert.deepStrictEqual(Uint8Array.from(text), local.bytesOf('héllo <&>'));
      assert.equal(new TextDecoder().decode(text), 'héllo <&>');
    });

    it('fills in default parameters and rest parameters the caller leaves out', async () => {
      assert.deepStrictEqual(await calculator.greet('Ada'), local.greet('Ada'));
      assert.deepStrictEqual(await calculator.greet('Ada', 'Hi'), local.greet('Ada', 'Hi'));
      assert.deepStrictEqual(await calculator.sum(), local.sum());
      assert.deepStrictEqual(await calculator.sum(1, 2, 3.5), local.sum(1, 2, 3.5));
      assert.deepStrictEqual(await calculator.lookup('x'), local.lookup('x'));
    });

    it('passes an undefined argument as undefined, a default applying', async () => {
      const noKey = (): string | undefined => undefined;
      const maybeKey = noKey();
      assert.deepStrictEqual(await calculator.greet('Ada', undefined), local.greet('Ada', undefined));
      assert.deepStrictEqual(await calculator.lookup(maybeKey), local.lookup(maybeKey));
    });

    it('lets callers leave out a parameter with a default value; remotely refuses one declared key?: string, saying how to make it optional', async () => {
      assert.deepStrictEqual(await calculator.search(), local.search());
      assert.deepStrictEqual(await calculator.search('x'), local.search('x'));
      assert.deepStrictEqual(await calculator.search(undefined), local.search(undefined));
      if (!mode.remote) {
        assert.deepStrictEqual(await calculator.lookup(), local.lookup());
        return;
      }
      // `key?: string` compiles to a plain parameter, which Function.length counts (issue 12's
      // rule), so the server refuses the call before the method runs, and says so.
      const error = await errorOf(() => calculator.lookup());
      assert.ok(error instanceof Fault, String(error));
      assert.equal(error.faultCode, -32602);
      assert.equal(
        error.faultString,
        'lookup needs 1 parameter, got 0; it did not run (give a parameter a default value, `= undefined`, to let callers leave it out)',
      );
      assert.equal(error.outcome, 'not-executed');
    });

    it('awaits asynchronous methods', async () => {
      assert.deepStrictEqual(await calculator.slowDouble(21), await local.slowDouble(21));
      assert.deepStrictEqual(await calculator.slowDouble(0.25), await local.slowDouble(0.25));
    });

    it('surfaces a Fault with its code and string', async () => {
      const remote = await errorOf(() => calculator.withdraw(500));
      const expected = await errorOf(() => local.withdraw(500));
      const parts = (error: object): unknown => ({
        faultCode: (error as { faultCode?: unknown }).faultCode,
        faultString: (error as { faultString?: unknown }).faultString,
      });
      assert.deepStrictEqual(parts(remote), parts(expected));
      assert.deepStrictEqual(await calculator.withdraw(30), local.withdraw(30));
    });

    it('surfaces any other failure as an Error carrying its message, sync or async', async () => {
      for (const [remoteCall, localCall] of [
        [() => calculator.explode(), () => local.explode()],
        [() => calculator.failLater('later'), () => local.failLater('later')],
        [() => calculator.spend('nobody', 5), () => local.spend('nobody', 5)],
      ] as const) {
        const expected = await errorOf(localCall);
        const remote = await errorOf(remoteCall);
        assert.ok(remote.message.includes(expected.message), `${remote.message} / ${expected.message}`);
      }
    });

    it('keeps serving after failures', async () => {
      await errorOf(() => calculator.explode());
      assert.deepStrictEqual(await calculator.add(1, 1), local.add(1, 1));
    });

    it('keeps state across calls', async () => {
      const account = `state-${mode.name}`;
      for (const amount of [10, 2.5, 30]) {
        assert.deepStrictEqual(await calculator.deposit(account, amount), local.deposit(account, amount));
      }
      assert.deepStrictEqual(await calculator.spend(account, 12.5), local.spend(account, 12.5));
      assert.deepStrictEqual(await calculator.balance(account), local.balance(account));
    });

    it('calls a method named inspect', async () => {
      assert.deepStrictEqual(await calculator.inspect('the ledger'), local.inspect('the ledger'));
    });
  });
}
