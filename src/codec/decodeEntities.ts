import type { XmlScanner } from './XmlScanner.js';
import { isXmlChar } from './xmlText.js';

const PREDEFINED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Where a bad reference is reported: the scanner, which adds the line and column. */
type Reporter = Pick<XmlScanner, 'fail' | 'malformed'>;

/**
 * `text` (found at `at`) with its entity and character references replaced;
 * the five predefined entities are recognised without slicing, the rest
 * take the general road. A bad reference fails through `sc`.
 */
export function decodeEntities(sc: Reporter, text: string, at: number): string {
  let out = '';
  let from = 0;
  for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', from)) {
    out += text.slice(from, amp);
    const predefined = predefinedAt(text, amp + 1);
    if (predefined !== undefined) {
      out += predefined;
      from = amp + referenceLength(predefined);
      continue;
    }
    const semi = text.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp > 12) sc.malformed('"&" that starts no reference', at + amp);
    out += reference(sc, text.slice(amp + 1, semi), at + amp);
    from = semi + 1;
  }
  return out + text.slice(from);
}

/** The character a numeric reference or (undefined) entity `ref` (between `&` and `;`) stands for. */
function reference(sc: Reporter, ref: string, at: number): string {
  if (ref.charCodeAt(0) === 35 /* # */) {
    const hex = ref.charCodeAt(1) === 120; /* x */
    const digits = ref.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits))
      sc.malformed('malformed character reference', at);
    const cp = parseInt(digits, hex ? 16 : 10);
    if (!isXmlChar(cp)) {
      sc.fail('SPINDLE_CODEC_INVALID_CHARACTER', `&${ref}; names a character XML 1.0 forbids`, at);
    }
    return String.fromCodePoint(cp);
  }
  const replacement = PREDEFINED.get(ref);
  if (replacement === undefined) {
    sc.malformed(`undefined entity &${ref}; (only the five predefined entities exist without a DTD)`, at);
  }
  return replacement;
}

/** The length of the reference to a predefined entity, from `&` through `;`. */
function referenceLength(predefined: string): number {
  return predefined === '<' || predefined === '>' ? 4 : predefined === '&' ? 5 : 6;
}

/** The predefined entity whose name and `;` start at `i` of `text`, if one does. */
function predefinedAt(text: string, i: number): string | undefined {
  const c = text.charCodeAt(i);
  if (c === 108 /* l */ || c === 103 /* g */) {
    if (text.charCodeAt(i + 1) === 116 /* t */ && text.charCodeAt(i + 2) === 59 /* ; */)
      return c === 108 ? '<' : '>';
  } else if (c === 97 /* a */) {
    if (text.startsWith('amp;', i)) return '&';
    if (text.startsWith('apos;', i)) return "'";
  } else if (c === 113 /* q */ && text.startsWith('quot;', i)) {
    return '"';
  }
  return undefined;
}
