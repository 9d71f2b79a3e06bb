import { Fault } from '../../src/index.js';

/** A line of an order: what a caller sends as a nested struct. */
export interface OrderLine {
  sku: string;
  quantity: number;
  price: number;
}

/** An order as application code writes it: nested objects, an array, an optional member. */
export interface Order {
  id: number;
  customer: { name: string; email: string | null };
  lines: OrderLine[];
  note?: string;
}

/** A value class, as application code returns one. */
export class Money {
  public constructor(
    public readonly amount: number,
    public readonly currency: string,
  ) {}

  public format(): string {
    return `${this.amount.toFixed(2)} ${this.currency}`;
  }
}

/** An error class of the service's own. */
export class InsufficientFundsError extends Error {}

/**
 * The service under test: an ordinary TypeScript class with no remoting in
 * it, written the way application code is (void methods, optional results,
 * dates, nested objects, bytes, defaults, async methods, errors, state).
 */
export class Calculator {
  private readonly notes = new Map<string, string>();
  private readonly balances = new Map<string, number>();

  public add(a: number, b: number): number {
    return a + b;
  }

  public half(value: number): number {
    return value / 2;
  }

  public echo<T>(value: T): T {
    return value;
  }

  public greet(name: string, greeting = 'Hello'): string {
    return `${greeting}, ${name}!`;
  }

  /** A TypeScript optional parameter, which compiles to a plain one. */
  public lookup(key?: string): string {
    return key === undefined ? 'everything' : `only ${key}`;
  }

  /**
   * The same with a default value, which callers may leave out local and remote alike: unlike
   * `key?: string`, a default takes the parameter out of `Function.length`, which the server's
   * parameter-count check reads.
   */
  // eslint-disable-next-line @typescript-eslint/no-useless-default-assignment -- it changes Function.length
  public search(key: string | undefined = undefined): string {
    return key === undefined ? 'everything' : `only ${key}`;
  }

  public sum(...values: number[]): number {
    return values.reduce((total, value) => total + value, 0);
  }

  public describe(
    name: string,
    tags: string[],
  ): { name: string; tags: string[]; count: number; active: boolean } {
    return { name, tags, count: tags.length, active: tags.length > 0 };
  }

  // Void, undefined and null.

  public setNote(key: string, text: string): void {
    this.notes.set(key, text);
  }

  public getNote(key: string): string | undefined {
    return this.notes.get(key);
  }

  public findNote(key: string): string | null {
    return this.notes.get(key) ?? null;
  }

  public clearNotes(): undefined {
    this.notes.clear();
    return undefined;
  }

  public async touch(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }

  // Dates.

  public addDays(date: Date, days: number): Date {
    return new Date(date.getTime() + days * 86_400_000);
  }

  public dateFacts(date: Date): { iso: string; time: number; year: number; weekday: number; json: string } {
    return {
      iso: date.toISOString(),
      time: date.getTime(),
      year: date.getUTCFullYear(),
      weekday: date.getUTCDay(),
      json: JSON.stringify({ date }),
    };
  }

  public newYear(year: number): Date {
    return new Date(Date.UTC(year, 0, 1));
  }

  // Structs used as ordinary objects.

  public summarize(order: Order): Record<string, unknown> {
    return {
      keys: Object.keys(order),
      hasNote: Object.prototype.hasOwnProperty.call(order, 'note'),
      // eslint-disable-next-line no-prototype-builtins -- what much existing code writes
      ownCustomer: order.hasOwnProperty('customer'),
      // eslint-disable-next-line @typescript-eslint/no-base-to-string, @typescript-eslint/restrict-template-expressions -- an object in a template string, as code writes it
      text: `${order} for ${order.customer.name}`,
      isObject: order instanceof Object && order.customer instanceof Object,
      entries: Object.entries(order.customer),
      json: JSON.stringify(order.customer),
      total: order.lines.reduce((total, line) => total + line.quantity * line.price, 0),
      skus: order.lines.map((line) => line.sku).join(','),
      copy: { ...order.customer, vip: true },
    };
  }

  /** A result built from an argument's optional member, which may be undefined. */
  public contactCard(user: { name: string; email?: string }): { name: string; email: string | undefined } {
    return { name: user.name, email: user.email };
  }

  public price(amount: number, currency: string): Money {
    return new Money(amount, currency);
  }

  public newOrder(id: number, customer: string): Order & { placed: Date } {
    return {
      id,
      customer: { name: customer, email: null },
      lines: [
        { sku: 'A-1', quantity: 2, price: 0.5 },
        { sku: 'B-2', quantity: 1, price: 19.99 },
      ],
      placed: new Date(Date.UTC(2026, 2, 1, 10, 20, 30, 456)),
    };
  }

  // Bytes.

  public checksum(data: Uint8Array): number {
    let total = 0;
    for (const byte of data) total = (total + byte) % 65_521;
    return total * 1000 + data.length;
  }

  public reversed(data: Uint8Array): Buffer {
    return Buffer.from(data).reverse();
  }

  public bytesOf(text: string): Uint8Array {
    return new TextEncoder().encode(text);
  }

  // Async methods.

  public async slowDouble(value: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return value * 2;
  }

  public async failLater(message: string): Promise<never> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    throw new Error(message);
  }

  // Errors.

  public withdraw(amount: number): number {
    if (amount > 100) throw new Fault(42, `insufficient funds for ${String(amount)}`);
    return 100 - amount;
  }

  public explode(): never {
    throw new Error('boom');
  }

  public spend(account: string, amount: number): number {
    const balance = this.balances.get(account) ?? 0;
    if (amount > balance) throw new InsufficientFundsError(`${account} has only ${String(balance)}`);
    this.balances.set(account, balance - amount);
    return balance - amount;
  }

  // State across calls.

  public deposit(account: string, amount: number): number {
    const balance = (this.balances.get(account) ?? 0) + amount;
    this.balances.set(account, balance);
    return balance;
  }

  public balance(account: string): number {
    return this.balances.get(account) ?? 0;
  }

  /** A method name Node called when printing objects, before v11. */
  public inspect(what: string): string {
    return `inspecting ${what}`;
  }
}
