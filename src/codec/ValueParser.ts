import { FAST_ITEM, FAST_MEMBER, FAST_PLAIN_ARRAY, FAST_STRUCT_ITEM, R } from './fastPaths.js';
import { keySegment } from './keySegment.js';
import { defineMember, isPlainKey, setMember } from './newStruct.js';
import type { Struct } from './newStruct.js';
import { PlainValueReader } from './PlainValueReader.js';
import { readTypeTag } from './readTypeTag.js';
import { ValueFailure } from './ValueFailure.js';
import { isWhitespace } from './xmlText.js';

/**
 * Reads XML-RPC values (scalars, structs, arrays) from one document; the
 * message envelope around them is read by the subclass in `parseMessage`.
 * Failures inside a value are thrown as `ValueFailure`s that collect the path.
 */
export class ValueParser extends PlainValueReader {
  /** Reads a start tag that must be `<name>`; returns whether it was self-closing. */
  protected expect(name: string, fast: string): boolean {
    this.sc.skipMisc();
    if (this.sc.tryStartTag(fast)) return false;
    if (this.sc.atEndTag()) this.invalid(`expected <${name}>, found an end tag`);
    const tag = this.sc.readStartTag();
    if (tag !== name) this.invalid(`expected <${name}>, found <${tag}>`);
    return this.sc.empty;
  }

  /**
   * Reads one value after its `<value>` start tag, through its `</value>`.
   * Recursion is bounded: the depth limit is checked before each array or
   * struct is entered, so hostile nesting fails long before the stack would.
   */
  protected value(depth: number): unknown {
    const sc = this.sc;
    const text = sc.readText();
    if (sc.atEndTag()) {
      sc.readEndTag('value');
      this.checkLength(text, 'string');
      return text;
    }
    if (text.length > 0 && !isWhitespace(text)) this.invalid('a <value> mixes text and an element');
    const tag = readTypeTag(this.sc);
    let value: unknown;
    if (tag === 'struct') value = sc.empty ? this.emptyStruct() : this.struct(depth + 1);
    else if (tag === 'array') value = this.array(depth + 1, sc.empty);
    else value = this.scalar(tag, sc.empty);
    sc.skipMisc();
    sc.readEndTag('value');
    return value;
  }

  /** After `<struct>`: its members through `</struct>`. */
  protected struct(depth: number): Struct {
    this.checkDepth(depth);
    const sc = this.sc;
    const struct = this.emptyStruct();
    let key = '';
    let index = 0;
    try {
      for (;;) {
        sc.skipMisc();
        if (sc.atEndTag()) break;
        FAST_MEMBER.lastIndex = sc.pos;
        if (FAST_MEMBER.test(sc.s)) {
          const end = FAST_MEMBER.lastIndex;
          key = this.fastKey(index++);
          const plain = this.plainKey; // read before a nested struct changes it
          let member: unknown;
          if (sc.s.charCodeAt(end - 2) === R) {
            // after <member><name>KEY</name><value>, before </value></member>
            member = this.plainValue(sc.pos + 28 + key.length, end - 17);
            sc.pos = end;
          } else {
            // <member><name>KEY</name><value> read; a struct or an array follows
            sc.countElements(1);
            sc.pos = end;
            FAST_PLAIN_ARRAY.lastIndex = end;
            if (sc.s.charCodeAt(end + 1) === 97 && FAST_PLAIN_ARRAY.test(sc.s)) {
              // an array of plain scalars (tags, ids): read without the general grammar
              const items: unknown[] = [];
              sc.pos = this.plainItems(depth + 1, end, items);
              member = items;
            } else {
              member = this.value(depth);
            }
            sc.skipMisc();
            sc.readEndTag('member');
          }
          if (plain) setMember(struct, index - 1, key, member);
          else defineMember(struct, key, member);
          continue;
        }
        key = '';
        if (this.expect('member', '<member>')) this.invalid('<member/> has no <name> and <value>');
        if (!this.expect('name', '<name>')) {
          key = sc.readText();
          sc.readEndTag('name');
          this.checkLength(key, 'member name');
        }
        const member = this.expect('value', '<value>') ? '' : this.value(depth);
        if (isPlainKey(key)) struct[key] = member;
        else defineMember(struct, key, member);
        sc.skipMisc();
        sc.readEndTag('member');
      }
    } catch (error) {
      if (error instanceof ValueFailure) error.segments.push(keySegment(key));
      throw error;
    }
    sc.readEndTag('struct');
    return struct;
  }

  /** After `<array>`: `<data>`, its values, `</data></array>`. */
  private array(depth: number, empty: boolean): unknown[] {
    this.checkDepth(depth);
    if (empty) this.invalid('<array/> has no <data>');
    const sc = this.sc;
    const items: unknown[] = [];
    if (!this.expect('data', '<data>')) {
      // Cleared once a struct item is not a whole record of plain members (it nests an
      // array or struct): the items of an array mostly share a shape, so the whole-record
      // match would fail again on each, after scanning most of it.
      let flatRecords = true;
      try {
        for (;;) {
          sc.skipMisc();
          if (sc.atEndTag()) break;
          if (flatRecords && sc.s.charCodeAt(sc.pos + 11) === 117 && sc.s.charCodeAt(sc.pos + 8) === 115) {
            // <value><stru…: most often a whole record of plain members, read in one match. The `u`
            // (+11) tells it from <value><string> (where the record match would only fail); +10 is
            // an `r` in both.
            FAST_STRUCT_ITEM.lastIndex = sc.pos;
            if (FAST_STRUCT_ITEM.test(sc.s)) {
              const end = FAST_STRUCT_ITEM.lastIndex;
              items.push(this.plainStruct(depth + 1, sc.pos + 15, end - 17));
              sc.pos = end;
              continue;
            }
            flatRecords = !sc.s.startsWith('<value><struct>', sc.pos);
          }
          if (sc.tryStartTag('<value><struct>')) {
            // An array of structs, the usual shape of a large result.
            sc.countElements(1);
            items.push(this.struct(depth + 1));
            sc.skipMisc();
            sc.readEndTag('value');
            continue;
          }
          FAST_ITEM.lastIndex = sc.pos;
          if (FAST_ITEM.test(sc.s)) {
            const end = FAST_ITEM.lastIndex;
            items.push(this.plainValue(sc.pos + 7, end - 8)); // after <value>, before </value>
            sc.pos = end;
            continue;
          }
          items.push(this.expect('value', '<value>') ? '' : this.value(depth));
        }
      } catch (error) {
        if (error instanceof ValueFailure) error.segments.push(`[${items.length}]`);
        throw error;
      }
      sc.readEndTag('data');
    }
    sc.skipMisc();
    sc.readEndTag('array');
    return items;
  }

  /** After a scalar's start tag: its text, its end tag, and the typed value. */
  private scalar(tag: string, empty: boolean): unknown {
    const sc = this.sc;
    let text = '';
    if (!empty) {
      text = sc.readText();
      if (!sc.atEndTag()) this.invalid(`<${tag}> holds an element`);
      sc.readEndTag(tag);
      this.checkLength(text, `<${tag}>`);
    }
    const value = this.scalarValue(tag, text);
    // Only nil gives null: `<nil/>` is null, `<nil></nil>` is how Spindle writes undefined.
    return value === null && !empty ? undefined : value;
  }
}
