import { Fault } from '../../src/index.js';

/** The service under test: plain TypeScript, no remoting in it. */
export class Calculator {
  public add(a: number, b: number): number {
    return a + b;
  }

  public greet(name: string): string {
    return `Hello, ${name}!`;
  }

  public describe(
    name: string,
    tags: string[],
  ): { name: string; tags: string[]; count: number; active: boolean } {
    return { name, tags, count: tags.length, active: tags.length > 0 };
  }

  public async slowDouble(value: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return value * 2;
  }

  public withdraw(amount: number): number {
    if (amount > 100) throw new Fault(42, `insufficient funds for ${String(amount)}`);
    return 100 - amount;
  }

  public explode(): never {
    throw new Error('boom');
  }
}
