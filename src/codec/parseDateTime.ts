/** The fields of a `dateTime.iso8601` text. */
export interface DateTimeParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Milliseconds from the fraction, truncated (0 when none). */
  readonly millisecond: number;
  /** Minutes east of UTC when the text named a zone (`Z` is 0), else `null`. */
  readonly offsetMinutes: number | null;
}

// Compact (spec), hyphenated, colon-less, optional fraction and zone: every
// variant peers are seen to send. One regex per date is cheap next to the rest.
const DATE_TIME =
  /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Reads a date-time text in any variant Spindle accepts, or returns `undefined`
 * when it is not one or names an impossible date (`20241345T99:99:99`).
 */
export function parseDateTime(text: string): DateTimeParts | undefined {
  const m = DATE_TIME.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const maxDay = month === 2 && !isLeap(year) ? 28 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day > maxDay) return undefined;
  const fraction = m[7];
  const millisecond = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const zone = m[8];
  let offsetMinutes: number | null = null;
  if (zone !== undefined) {
    if (zone === 'Z') offsetMinutes = 0;
    else {
      const digits = zone.slice(1).replace(':', '');
      const zh = Number(digits.slice(0, 2));
      const zm = digits.length > 2 ? Number(digits.slice(2)) : 0;
      if (zh > 23 || zm > 59) return undefined;
      offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (zh * 60 + zm);
    }
  }
  return { year, month, day, hour, minute, second, millisecond, offsetMinutes };
}

/** The instant the parts name when read as UTC, minus their zone offset if any. */
export function partsToDate(parts: DateTimeParts): Date {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
  date.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  date.setUTCHours(parts.hour, parts.minute - (parts.offsetMinutes ?? 0), parts.second, parts.millisecond);
  return date;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** The spec's compact form `YYYYMMDDTHH:MM:SS`, with `.mmm` when `millisecond` is not zero. */
export function formatCompact(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond = 0,
): string {
  const fraction = millisecond === 0 ? '' : `.${pad(millisecond, 3)}`;
  return `${pad(year, 4)}${pad(month, 2)}${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}`;
}
