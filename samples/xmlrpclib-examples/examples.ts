/**
 * The servers of CPython's xmlrpclib page (seed 003), as plain classes. Each
 * example there registers functions on a SimpleXMLRPCServer; here each group
 * is one object, and `server.xml` exports it. Nothing here knows about XML-RPC
 * except the value wrappers for what JavaScript cannot tell apart.
 */
import { readFile } from 'node:fs/promises';

import { XmlRpcDateTime } from 'spindle';

const STATES = [
  'Alabama', 'Alaska', 'Arizona', 'Arkansas', 'California', 'Colorado', 'Connecticut', 'Delaware',
  'Florida', 'Georgia', 'Hawaii', 'Idaho', 'Illinois', 'Indiana', 'Iowa', 'Kansas', 'Kentucky',
  'Louisiana', 'Maine', 'Maryland', 'Massachusetts', 'Michigan', 'Minnesota', 'Mississippi',
  'Missouri', 'Montana', 'Nebraska', 'Nevada', 'New Hampshire', 'New Jersey', 'New Mexico',
  'New York', 'North Carolina', 'North Dakota', 'Ohio', 'Oklahoma', 'Oregon', 'Pennsylvania',
  'Rhode Island', 'South Carolina', 'South Dakota', 'Tennessee', 'Texas', 'Utah', 'Vermont',
  'Virginia', 'Washington', 'West Virginia', 'Wisconsin', 'Wyoming',
]; // prettier-ignore

/** The local time as a naive XML-RPC dateTime, as `xmlrpclib.DateTime(datetime.today())` sends it. */
function localNow(): XmlRpcDateTime {
  const now = new Date();
  const pad = (value: number): string => String(value).padStart(2, '0');
  return new XmlRpcDateTime(
    `${String(now.getFullYear())}${pad(now.getMonth() + 1)}${pad(now.getDate())}` +
      `T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`,
  );
}

/**
 * The examples served at `/`: Boolean (`is_even`), DateTime (`today`), Binary
 * (`python_logo`), the client-usage example's `examples.getStateName` and the
 * ProxiedTransport example's `currentTime.getCurrentTime`.
 */
export class SeedExamples {
  /** Boolean objects: whether `n` is even. */
  public is_even(n: number): boolean {
    return n % 2 === 0;
  }

  /** DateTime objects: the server's local time, naive (no zone), as the seed's server answers. */
  public today(): XmlRpcDateTime {
    return localNow();
  }

  /** Binary objects: the bytes of the logo (a Buffer travels as base64). */
  public async python_logo(): Promise<Buffer> {
    return readFile(new URL('./python_logo.png', import.meta.url));
  }

  /** The XML-RPC specification's sample method (betty.userland.com): the state with number `n`. */
  public 'examples.getStateName'(n: number): string {
    const name = STATES[n - 1];
    if (name === undefined) throw new RangeError(`no state number ${String(n)}`);
    return name;
  }

  /** What time.xmlrpc.com served in the ProxiedTransport example. */
  public 'currentTime.getCurrentTime'(): XmlRpcDateTime {
    return localNow();
  }
}

/**
 * A complex number: the fault example returns one, and XML-RPC has no such
 * type. Spindle writes an ordinary class instance as its fields (as
 * JSON.stringify does), so this one refuses, as CPython's marshaller refuses
 * Python's built-in `complex`.
 */
export class Complex {
  public constructor(
    public readonly re: number,
    public readonly im: number,
  ) {}

  /** How the codec (and JSON.stringify) would write it: it cannot be. */
  public toJSON(): never {
    throw new TypeError('cannot marshal Complex objects');
  }
}

/** Fault objects: `add` returns a value the server cannot marshal, so the caller gets a fault. */
export class ComplexAdder {
  /** `x + y + 0j` in the seed: the sum as a complex number. */
  public add(x: number, y: number): Complex {
    return new Complex(x + y, 0);
  }
}

/** MultiCall objects: the arithmetic server. */
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
    return x / y;
  }
}
