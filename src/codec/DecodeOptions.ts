import { SpindleError } from '../common/index.js';

/**
 * How decoded values are shaped (the value mapping of docs/codec.md). The
 * defaults make a remote call give what the same call gives locally.
 */
export interface DecodeOptions {
  /**
   * What a `dateTime.iso8601` becomes. `'date'`: a `Date`; a text without a
   * zone (the spec's form) is read as UTC, which is how Spindle writes a
   * `Date`. `'naive'`: a text without a zone becomes an {@link XmlRpcDateTime}
   * keeping the text, so no zone is ever assumed; one with a zone is a `Date`.
   * @default 'date'
   */
  readonly dateTimes?: 'date' | 'naive';
  /**
   * What a `struct` becomes. `'object'`: a plain object (`Object.prototype`),
   * like one written in code. `'null-prototype'`: an object without a
   * prototype. Either way a member named `__proto__`, `constructor` or like
   * any other `Object.prototype` name is an own data property, never the
   * prototype or a setter call.
   * @default 'object'
   */
  readonly structs?: 'object' | 'null-prototype';
}

/** {@link DecodeOptions} with every choice made. */
export type ResolvedDecodeOptions = Required<DecodeOptions>;

/** The value mapping a decoder applies unless told otherwise. */
export const DEFAULT_DECODE_OPTIONS: ResolvedDecodeOptions = Object.freeze({
  dateTimes: 'date',
  structs: 'object',
});

/** Objects this module made, already checked. */
const resolved = new WeakSet<object>([DEFAULT_DECODE_OPTIONS]);

const CHOICES: Readonly<Record<keyof DecodeOptions, readonly string[]>> = {
  dateTimes: ['date', 'naive'],
  structs: ['object', 'null-prototype'],
};

/**
 * The defaults overlaid with what the caller gave.
 * @throws SpindleError `SPINDLE_INVALID_ARGUMENT` for an unknown option or choice.
 */
export function resolveDecodeOptions(options: DecodeOptions | null | undefined): ResolvedDecodeOptions {
  // null: a context file's empty `decoding:`, which means the defaults, as an empty `limits:` does.
  if (options === undefined || options === null) return DEFAULT_DECODE_OPTIONS;
  // Clients and servers resolve once at construction; each message then skips the checks.
  if (resolved.has(options)) return options as ResolvedDecodeOptions;
  for (const [name, value] of Object.entries(options)) {
    const choices = Object.hasOwn(CHOICES, name) ? CHOICES[name as keyof DecodeOptions] : undefined;
    if (choices === undefined) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `decoding: unknown option '${name}' (known: ${Object.keys(CHOICES).join(', ')})`,
      );
    }
    if (value !== undefined && !choices.includes(value as string)) {
      throw new SpindleError(
        'SPINDLE_INVALID_ARGUMENT',
        `decoding.${name} must be ${choices.map((c) => `'${c}'`).join(' or ')}, got ${JSON.stringify(value)}`,
      );
    }
  }
  const result: ResolvedDecodeOptions = Object.freeze({
    dateTimes: options.dateTimes ?? DEFAULT_DECODE_OPTIONS.dateTimes,
    structs: options.structs ?? DEFAULT_DECODE_OPTIONS.structs,
  });
  resolved.add(result);
  return result;
}
