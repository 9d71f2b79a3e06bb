import type { XmlScanner } from './XmlScanner.js';

/**
 * Reads the start tag of a value's type element at the cursor and returns its
 * name; the common spellings are matched without allocating.
 */
export function readTypeTag(sc: XmlScanner): string {
  switch (sc.s.charCodeAt(sc.pos + 1)) {
    case 115: // s
      if (sc.tryStartTag('<string>')) return 'string';
      if (sc.tryStartTag('<struct>')) return 'struct';
      break;
    case 105: // i
      if (sc.tryStartTag('<int>')) return 'int';
      if (sc.tryStartTag('<i4>')) return 'i4';
      if (sc.tryStartTag('<i8>')) return 'i8';
      break;
    case 100: // d
      if (sc.tryStartTag('<double>')) return 'double';
      if (sc.tryStartTag('<dateTime.iso8601>')) return 'dateTime.iso8601';
      break;
    case 98: // b
      if (sc.tryStartTag('<boolean>')) return 'boolean';
      if (sc.tryStartTag('<base64>')) return 'base64';
      break;
    case 97: // a
      if (sc.tryStartTag('<array>')) return 'array';
      break;
    default:
      break;
  }
  return sc.readStartTag();
}
