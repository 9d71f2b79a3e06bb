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
      if (Math.abs(value) < 9223372036854775808) {
        if (this.strictSpec)
          fail(
            `integer ${value} does not fit the 32-bit <int> (strictSpec refuses <i8>; XmlRpcDouble sends it as a double)`,
          );
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

  /** `<YYYYMMDDTHH:MM:SS>` of the UTC fields, written digit by digit. */
  protected date(value: Date, year: number): void {
    this.tag(DATE);
    this.ensure(17);
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
    this.tag(END_DATE);
  }
}
