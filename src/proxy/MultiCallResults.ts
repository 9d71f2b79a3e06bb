import { Fault } from '../codec/index.js';
// The received-fault mark is shared by the codec, the multicall reader and the
// server, and kept off the codec's public index (spindle/codec) on purpose.
// eslint-disable-next-line no-restricted-imports -- see above
import { markReceived } from '../codec/Fault.js';
import { TransportError } from '../rpc/index.js';

/**
 * The answers of one `system.multicall`, in call order. Iterating yields each
 * result and throws the `Fault` of a failed entry when it reaches it
 * (CPython's `MultiCallIterator`); `at(i)` does the same for one entry.
 */
export class MultiCallResults implements Iterable<unknown> {
  readonly #entries: readonly unknown[];
  readonly #url: string;

  /** @param entries the raw `system.multicall` answer: `[value]` or a fault struct per call. */
  public constructor(entries: readonly unknown[], url: string) {
    this.#entries = entries;
    this.#url = url;
  }

  /** How many calls the batch held. */
  public get length(): number {
    return this.#entries.length;
  }

  /** The result of call `index`; throws its `Fault` when it failed. */
  public at(index: number): unknown {
    if (!Number.isInteger(index) || index < 0 || index >= this.#entries.length) {
      throw new RangeError(`no call ${index} in a batch of ${this.#entries.length}`);
    }
    return unwrap(this.#entries[index], index, this.#url);
  }

  public *[Symbol.iterator](): Iterator<unknown> {
    for (let index = 0; index < this.#entries.length; index += 1) {
      yield unwrap(this.#entries[index], index, this.#url);
    }
  }
}

function unwrap(entry: unknown, index: number, url: string): unknown {
  if (Array.isArray(entry) && entry.length === 1) return entry[0] as unknown;
  if (typeof entry === 'object' && entry !== null && !Array.isArray(entry) && 'faultCode' in entry) {
    const fault = entry as { faultCode: unknown; faultString?: unknown };
    const code =
      typeof fault.faultCode === 'number' || typeof fault.faultCode === 'string'
        ? fault.faultCode
        : String(fault.faultCode);
    return throwFault(code, typeof fault.faultString === 'string' ? fault.faultString : '');
  }
  throw new TransportError(
    'SPINDLE_CLIENT_BAD_RESPONSE',
    `${url}: system.multicall entry ${index} is neither [result] nor a fault struct`,
    'unknown',
    url,
  );
}

function throwFault(code: number | string, message: string): never {
  throw markReceived(new Fault(code, message));
}
