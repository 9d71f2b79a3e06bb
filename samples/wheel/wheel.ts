/**
 * The roulette wheel of the seed tutorial ("Web Services: The xmlrpclib
 * Module", example 36.3), in TypeScript. Nothing here knows about XML-RPC:
 * `server.xml` exports it. The `_`-prefixed helpers follow the seed's
 * convention for private methods, and the exporter never publishes them.
 */

/** One spin: number, colour, even/odd, high/low. A Python tuple there, an array on the wire. */
export type Spin = [number: string, color: string, even: string, high: string];

/** What callers see of the wheel: the two public methods of the seed. */
export interface WheelService {
  spin(): Spin;
  spinList(spins?: number): Spin[];
}

/** An American wheel: 0, 00 and 1..36. */
export class Wheel implements WheelService {
  private static readonly redSet: ReadonlySet<number> = new Set([
    1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36,
  ]);

  /** The pockets, as strings so that "00" differs from "0" (as in the seed). */
  protected readonly wheel: readonly string[] = [...Array.from({ length: 37 }, (_, n) => String(n)), '00'];

  /** A random pocket with its colour, parity and half. */
  public spin(): Spin {
    const number = this.wheel[Math.floor(Math.random() * this.wheel.length)] ?? '0';
    return [number, this._color(number), this._even(number), this._high(number)];
  }

  /** `spins` spins in a row (the seed's default is one). */
  public spinList(spins = 1): Spin[] {
    return Array.from({ length: spins }, () => this.spin());
  }

  /** Seed's `_color`: private by its leading underscore, so never exported. */
  public _color(number: string): string {
    if (number === '0' || number === '00') return 'GREEN';
    return Wheel.redSet.has(Number(number)) ? 'RED' : 'BLACK';
  }

  public _even(number: string): string {
    if (number === '0' || number === '00') return 'ZERO';
    return Number(number) % 2 === 0 ? 'EVEN' : 'ODD';
  }

  public _high(number: string): string {
    if (number === '0' || number === '00') return 'ZERO';
    return Number(number) <= 18 ? 'LOW' : 'HIGH';
  }
}
