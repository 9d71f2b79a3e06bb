import type { XmlRpcDateTime, XmlRpcDouble, XmlRpcI8, XmlRpcInt } from '../codec/index.js';

/** Whether `T` is `any` (which would otherwise take every branch of a conditional type). */
type IsAny<T> = 0 extends 1 & T ? true : false;

/**
 * What a value of type `T` is after it went over the wire and was decoded with
 * the default value mapping (docs/codec.md): a `Date` (or an
 * `XmlRpcDateTime`, which is written as a date-time) arrives as `DateTime`
 * (`Date` unless `dateTimes: 'naive'` is chosen), a `bigint` or `XmlRpcI8` as
 * a `number` within ±2^53 and a `bigint` beyond, `XmlRpcInt`/`XmlRpcDouble` as
 * a `number`, any `Uint8Array` as a `Buffer`, a `Map` as a plain object;
 * arrays and tuples item by item; an object with `toJSON()` as what it
 * returns; other objects (class instances too) as their data members, member
 * by member, without methods. Everything else arrives as it was sent.
 */
export type Decoded<T, DateTime = Date> =
  IsAny<T> extends true
    ? T
    : T extends Date | XmlRpcDateTime
      ? DateTime
      : T extends bigint | XmlRpcI8
        ? number | bigint
        : T extends XmlRpcInt | XmlRpcDouble
          ? number
          : T extends Uint8Array
            ? Buffer
            : T extends ReadonlyMap<string, infer V>
              ? Record<string, Decoded<V, DateTime>>
              : T extends (...args: never[]) => unknown
                ? T
                : T extends readonly unknown[]
                  ? { [K in keyof T]: Decoded<T[K], DateTime> }
                  : T extends { toJSON(...args: never[]): infer J }
                    ? Decoded<J, DateTime>
                    : T extends object
                      ? {
                          [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Decoded<
                            T[K],
                            DateTime
                          >;
                        }
                      : T;
