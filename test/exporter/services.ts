import { XmlRpcDouble } from '../../src/index.js';

/**
 * The seeds' Python services (xmlrpclib documentation, the Wheel tutorial,
 * the validator1 suite) written in TypeScript, to be served by Spindle and
 * called by CPython.
 */

/** 14 bytes with NULs and high bytes: what the python_logo example fetches. */
export const LOGO = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d, 0x0a, 0x1a, 0xff, 0x00, 0x7f, 0x80, 0x01, 0x02,
]);

/** The documentation's first examples: `is_even`, `today`, `python_logo`. */
export class DocExamples {
  public is_even(n: number): boolean {
    return n % 2 === 0;
  }
  /** Whole seconds, like the documentation's `xmlrpc.client.DateTime(today)`, which its client parses with strptime. */
  public today(): Date {
    const now = new Date();
    now.setUTCMilliseconds(0);
    return now;
  }
  public python_logo(): Buffer {
    return LOGO;
  }
  /** The documentation's Fault example: a result that cannot be marshalled. */
  public add(x: number, y: number): unknown {
    return { real: x + y, imag: () => 0 };
  }
}

/** The MultiCall example's arithmetic server. */
export class Arithmetic {
  public add(x: number, y: number): number {
    return x + y;
  }
  public subtract(x: number, y: number): number {
    return x - y;
  }
  public multiply(x: number, y: number): number {
    return x * y;
  }
  public divide(x: number, y: number): number {
    if (y === 0) throw new Error('integer division or modulo by zero');
    return Math.floor(x / y);
  }
}

type Spin = [string, string, string, string];

/** The roulette Wheel of the xmlrpclib tutorial; `_color`, `_even`, `_high` stay private. */
export class Wheel {
  private readonly redSet = new Set([1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36]);
  private readonly wheel = [...Array.from({ length: 37 }, (_, i) => String(i)), '00'];

  public _color(n: string): string {
    if (n === '0' || n === '00') return 'GREEN';
    return this.redSet.has(Number(n)) ? 'RED' : 'BLACK';
  }
  public _even(n: string): string {
    if (n === '0' || n === '00') return 'ZERO';
    return Number(n) % 2 === 0 ? 'EVEN' : 'ODD';
  }
  public _high(n: string): string {
    if (n === '0' || n === '00') return 'ZERO';
    return Number(n) <= 18 ? 'LOW' : 'HIGH';
  }
  public spin(): Spin {
    const n = this.wheel[Math.floor(Math.random() * this.wheel.length)] ?? '0';
    return [n, this._color(n), this._even(n), this._high(n)];
  }
  public spinList(spins = 1): Spin[] {
    return Array.from({ length: spins }, () => this.spin());
  }
}

type Struct = Record<string, unknown>;
const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** UserLand's validator1 suite, exported under dotted names by explicit property names. */
export const validator1 = {
  'validator1.arrayOfStructsTest': (structs: Struct[]): number =>
    structs.reduce((sum, s) => sum + num(s['curly']), 0),
  'validator1.countTheEntities': (text: string): Struct => {
    const count = (c: string): number => text.split(c).length - 1;
    return {
      ctLeftAngleBrackets: count('<'),
      ctRightAngleBrackets: count('>'),
      ctAmpersands: count('&'),
      ctApostrophes: count("'"),
      ctQuotes: count('"'),
    };
  },
  'validator1.easyStructTest': (s: Struct): number => num(s['moe']) + num(s['larry']) + num(s['curly']),
  'validator1.echoStructTest': (s: Struct): Struct => s,
  'validator1.manyTypesTest': (...values: unknown[]): unknown[] =>
    values.map((value, index) =>
      index === 3 && typeof value === 'number' ? new XmlRpcDouble(value) : value,
    ),
  'validator1.moderateSizeArrayCheck': (list: string[]): string =>
    `${list[0] ?? ''}${list[list.length - 1] ?? ''}`,
  'validator1.nestedStructTest': (calendar: Struct): number => {
    const day = ((calendar['2000'] as Struct | undefined)?.['04'] as Struct | undefined)?.['01'] as
      Struct | undefined;
    return day === undefined ? 0 : num(day['moe']) + num(day['larry']) + num(day['curly']);
  },
  'validator1.simpleStructReturnTest': (n: number): Struct => ({
    times10: n * 10,
    times100: n * 100,
    times1000: n * 1000,
  }),
};
