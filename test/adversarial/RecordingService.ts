/**
 * The service every attack aims at. Each exported method records that it ran,
 * so a test can prove the target of a refused request never executed.
 * `_private` and `secret` are deliberately not exported (`secret` is left out
 * of `methods`), so reaching either would be an exposure bug.
 */
export class RecordingService {
  public readonly calls: string[] = [];

  public add(a: number, b: number): number {
    this.calls.push('add');
    return a + b;
  }

  /** Returns what it received, so a test can see exactly what the decoder produced. */
  public echo(value: unknown): unknown {
    this.calls.push('echo');
    return value;
  }

  /** Describes a struct argument: its prototype, own keys, and what inheritance would show. */
  public inspect(struct: Record<string, unknown>): Record<string, unknown> {
    this.calls.push('inspect');
    return {
      nullPrototype: Object.getPrototypeOf(struct) === null,
      plainPrototype: Object.getPrototypeOf(struct) === Object.prototype,
      // The `__proto__` member is an own data property, not the prototype.
      ownProto: Object.prototype.hasOwnProperty.call(struct, '__proto__'),
      keys: Object.keys(struct).sort(),
      // A `__proto__` member that became the prototype would make this true.
      inheritsAdmin: !Object.prototype.hasOwnProperty.call(struct, 'isAdmin') && 'isAdmin' in struct,
    };
  }

  /** Throws a plain error whose message names a server file path. */
  public boom(): never {
    this.calls.push('boom');
    throw new TypeError('cannot open /srv/spindle-internal/config/secrets.json for reading');
  }

  /** Rejects with an error whose stack is long and whose message names a path. */
  public async reject(): Promise<never> {
    this.calls.push('reject');
    await Promise.resolve();
    throw new RangeError(`bad state in C:\\app\\internal\\state.ts and file:///srv/x/y.js`);
  }

  /** Never settles: only the per-call timeout ends it. */
  public hang(): Promise<never> {
    this.calls.push('hang');
    return new Promise<never>(() => undefined);
  }

  /** Returns something XML-RPC cannot carry, chosen by `kind`. */
  public unencodable(kind: string): unknown {
    this.calls.push('unencodable');
    switch (kind) {
      case 'undefined':
        return undefined;
      case 'function':
        return () => 1;
      case 'symbol':
        return Symbol('s');
      case 'cyclic': {
        const cyclic: Record<string, unknown> = {};
        cyclic['self'] = cyclic;
        return cyclic;
      }
      case 'bigint':
        return 2n ** 70n;
      case 'nan':
        return Number.NaN;
      case 'c0':
        return 'bell\u0007';
      case 'surrogate':
        return 'lone\ud800';
      default:
        return null;
    }
  }

  public _private(): string {
    this.calls.push('_private');
    return 'private';
  }

  public secret(): string {
    this.calls.push('secret');
    return 'secret';
  }
}

/** The methods the target exporter serves (everything but `secret` and `_private`). */
export const EXPORTED_METHODS = ['add', 'echo', 'inspect', 'boom', 'reject', 'hang', 'unencodable'];
