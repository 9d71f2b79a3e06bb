import { ByteSink } from './ByteSink.js';
import { CodecError } from './CodecError.js';
import { formatDouble } from './formatDouble.js';
import { fail } from './PathFailure.js';
import { DATE, DOUBLE, END_DATE, END_DOUBLE, END_I8, END_INT, I8, INT } from './valueTags.js';
import { describeForbidden } from './xmlText.js';

/**
 * Writes the scalar elements of XML-RPC (numbers, dates, escaped text) into a
 * message's bytes; `ValueWriter` adds containers and the choice of type.
 */
export class ScalarWriter extends ByteSink {
  /** Refuse what the XML-RPC spec lacks: `<i8>`, `<nil/>`. */
  protected strictSpec = false;
  /** Write integral numbers outside 32 bits as `<i8>` (the peer reads it) rather than `<double>`. */
  protected largeIntegersAsI8 = false;

  /** Appends `text` escaped, or fails with `what` and the forbidden character. */
  public escaped(text: string, what: string): void {
    if (!this.text(text)) {
      throw new CodecError('SPINDLE_CODEC_UNENCODABLE', `${what} has a ${describeForbidden(text)}`);
    }
  }

  protected number(value: number): void {
    // -0 goes out as a double so its sign survives the round trip.
    if (Number.isInteger(value) && !Object.is(value, -0)) {
      if (value >= -2147483648 && value <= 2147483647) {
        this.tag(INT);
        this.int(value);
        this.tag(END_INT);
        return;
      }
      // Beyond 32 bits: an exact <double>, which every peer reads (PHP's and
      // Perl's readers refuse <i8>), unless the peer is known to read <i8>.
      if (this.largeIntegersAsI8 && !this.strictSpec && Math.abs(value) < 9223372036854775808) {
        this.i8(BigInt(value));
        return;
      }
    } else if (!Number.isFinite(value)) {
      fail(`${value} is not representable in XML-RPC`);
    }
    this.double(value);
  }

  protected i8(value: bigint): void {
    this.tag(I8);
    this.ascii(value.toString());
    this.tag(END_I8);
  }

  protected double(value: number): void {
    this.tag(DOUBLE);
    if (!this.shortDecimal(value)) this.ascii(formatDouble(value));
    this.tag(END_DOUBLE);
  }

  /**
   * `<YYYYMMDDTHH:MM:SS>` of the UTC fields, written digit by digit, with
   * `.mmm` only when the milliseconds are not zero (CPython's
   * `use_builtin_types` reader refuses any fraction).
   */
  protected date(value: Date, year: number): void {
    this.tag(DATE);
    this.ensure(21);
    this.twoDigits((year / 100) >>> 0);
    this.twoDigits(year % 100);
    this.twoDigits(value.getUTCMonth() + 1);
    this.twoDigits(value.getUTCDate());
    this.ascii('T');
    this.twoDigits(value.getUTCHours());
    this.ascii(':');
    this.twoDigits(value.getUTCMinutes());
    this.ascii(':');
    this.twoDigits(value.getUTCSeconds());
    const ms = value.getUTCMilliseconds();
    if (ms !== 0) this.ascii(ms < 10 ? `.00${ms}` : ms < 100 ? `.0${ms}` : `.${ms}`);
    this.tag(END_DATE);
  }
}
