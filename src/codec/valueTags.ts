/**
 * The fixed markup `ValueWriter` writes, packed once at load time as
 * {@link Tag}s so writing one is a few word copies.
 */
import { tagOf } from './ByteSink.js';

export const VALUE = tagOf('<value>');
export const END_VALUE = tagOf('</value>');
export const END_MEMBER = tagOf('</value></member>');
/** The end of a member holding a string or an int, in one write. */
export const END_STRING_MEMBER = tagOf('</string></value></member>');
export const END_INT_MEMBER = tagOf('</int></value></member>');
export const STRING = tagOf('<string>');
export const END_STRING = tagOf('</string>');
export const INT = tagOf('<int>');
export const END_INT = tagOf('</int>');
export const I8 = tagOf('<i8>');
export const END_I8 = tagOf('</i8>');
export const DOUBLE = tagOf('<double>');
export const END_DOUBLE = tagOf('</double>');
export const TRUE = tagOf('<boolean>1</boolean>');
export const FALSE = tagOf('<boolean>0</boolean>');
export const NIL = tagOf('<nil/>');
/** `undefined`: nil to every reader; Spindle's reader tells it from `<nil/>` (null). */
export const NIL_UNDEFINED = tagOf('<nil></nil>');
export const BASE64 = tagOf('<base64>');
export const END_BASE64 = tagOf('</base64>');
export const DATE = tagOf('<dateTime.iso8601>');
export const END_DATE = tagOf('</dateTime.iso8601>');
export const ARRAY = tagOf('<array><data>');
export const END_ARRAY = tagOf('</data></array>');
export const STRUCT = tagOf('<struct>');
export const END_STRUCT = tagOf('</struct>');
/** An array item that is a struct, opened and closed in one write each. */
export const VALUE_STRUCT = tagOf('<value><struct>');
export const END_STRUCT_VALUE = tagOf('</struct></value>');
export const MEMBER = tagOf('<member><name>');
export const END_NAME = tagOf('</name><value>');
