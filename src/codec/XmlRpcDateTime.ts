import { CodecError } from './CodecError.js';
import { formatCompact, parseDateTime, partsToDate } from './parseDateTime.js';

/**
 * A naive `dateTime.iso8601`: a calendar date and wall-clock time with no zone,
 * as XML-RPC sends it ("don't assume a timezone"). Decoding gives this type
 * for a text without a zone when `dateTimes: 'naive'` is chosen (by default
 * such a text is a `Date` read as UTC); it keeps the text exactly as received
 * in `value`. Write one to send a peer's local wall-clock time as is.
 *
 * It is written in the spec's compact form `YYYYMMDDTHH:MM:SS`, with `.mmm`
 * when its milliseconds are not zero (a finer fraction is cut to milliseconds).
 */
export class XmlRpcDateTime {
  /** The text as received or given, e.g. `19980717T14:08:55`. */
  public readonly value: string;
  public readonly year: number;
  /** 1..12 */
  public readonly month: number;
  public readonly day: number;
  public readonly hour: number;
  public readonly minute: number;
  public readonly second: number;
  public readonly millisecond: number;

  /**
   * @param text a date-time without a zone in any accepted variant: compact
   *   `19980717T14:08:55`, hyphenated `1998-07-17T14:08:55`, colon-less, with a fraction.
   * @throws CodecError `SPINDLE_CODEC_UNENCODABLE` for an invalid date or one with a zone.
   */
  public constructor(text: string) {
    const parts = parseDateTime(text);
    if (parts === undefined || parts.offsetMinutes !== null) {
      throw new CodecError(
        'SPINDLE_CODEC_UNENCODABLE',
        `XmlRpcDateTime needs a valid date-time without a zone, got ${JSON.stringify(text)}`,
      );
    }
    this.value = text;
    this.year = parts.year;
    this.month = parts.month;
    this.day = parts.day;
    this.hour = parts.hour;
    this.minute = parts.minute;
    this.second = parts.second;
    this.millisecond = parts.millisecond;
  }

  /** The naive date-time of `date`'s UTC fields (never the process time zone). */
  public static fromDate(date: Date): XmlRpcDateTime {
    return new XmlRpcDateTime(XmlRpcDateTime.compactOf(date));
  }

  /** The compact text of `date`'s UTC fields, with `.mmm` when its milliseconds are not zero. */
  public static compactOf(date: Date): string {
    const year = date.getUTCFullYear();
    if (Number.isNaN(year) || year < 0 || year > 9999) {
      throw new CodecError(
        'SPINDLE_CODEC_UNENCODABLE',
        `a Date must be valid with a year 0..9999, got ${String(date)}`,
      );
    }
    return formatCompact(
      year,
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    );
  }

  /** The spec's compact form `YYYYMMDDTHH:MM:SS` (`.mmm` added when the milliseconds are not zero), as written on the wire. */
  public toCompactString(): string {
    return formatCompact(
      this.year,
      this.month,
      this.day,
      this.hour,
      this.minute,
      this.second,
      this.millisecond,
    );
  }

  /** The instant this names when read as UTC; choose a zone on purpose before calling. */
  public toUTCDate(): Date {
    return partsToDate({
      year: this.year,
      month: this.month,
      day: this.day,
      hour: this.hour,
      minute: this.minute,
      second: this.second,
      millisecond: this.millisecond,
      offsetMinutes: null,
    });
  }

  public toString(): string {
    return this.value;
  }
}
