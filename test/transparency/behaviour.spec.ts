import assert from 'node:assert/strict';

import type { ApplicationContext } from '../../src/index.js';
import { modes } from './modes.js';

/** What the caller sees of the service, whichever way it is wired: every call awaited. */
interface CalculatorView {
  add(a: number, b: number): number | Promise<number>;
  greet(name: string): string | Promise<string>;
  describe(name: string, tags: string[]): object | Promise<object>;
  slowDouble(value: number): Promise<number>;
  withdraw(amount: number): number | Promise<number>;
  explode(): unknown;
}

/** Plain JSON data, so a null-prototype struct and a plain object compare equal. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

for (const mode of modes) {
  describe(`transparency: the caller cannot tell, with ${mode.name}`, () => {
    let ctx: ApplicationContext;
    let calculator: CalculatorView;
    before(async () => {
      ctx = await mode.load();
      calculator = ctx.get<CalculatorView>('calculator');
    });
    after(async () => {
      await ctx.close();
    });

    it('returns numbers', async () => {
      assert.equal(await calculator.add(2, 3), 5);
      assert.equal(await calculator.add(0.5, 0.25), 0.75);
    });

    it('returns strings, unicode and markup intact', async () => {
      assert.equal(await calculator.greet('wörld <&>'), 'Hello, wörld <&>!');
    });

    it('returns structs with arrays and booleans', async () => {
      assert.deepEqual(plain(await calculator.describe('n', ['a', 'b'])), {
        name: 'n',
        tags: ['a', 'b'],
        count: 2,
        active: true,
      });
    });

    it('awaits asynchronous methods', async () => {
      assert.equal(await calculator.slowDouble(21), 42);
    });

    it('surfaces a Fault with its code and string', async () => {
      await assert.rejects(
        Promise.resolve().then(() => calculator.withdraw(500)),
        (error: { faultCode: unknown; faultString: unknown }) =>
          error.faultCode === 42 && error.faultString === 'insufficient funds for 500',
      );
      assert.equal(await calculator.withdraw(30), 70);
    });

    it('surfaces any other failure as an Error carrying its message', async () => {
      await assert.rejects(
        Promise.resolve().then(() => calculator.explode()),
        (error: unknown) => error instanceof Error && error.message.includes('boom'),
      );
    });

    it('keeps serving after failures', async () => {
      await assert.rejects(Promise.resolve().then(() => calculator.explode()));
      assert.equal(await calculator.add(1, 1), 2);
    });
  });
}
