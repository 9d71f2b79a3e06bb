/**
 * What a property or constructor argument of a built-in expects, so that the
 * text of an XML file becomes the right JavaScript value: `'7000'` a number,
 * `'false'` the boolean false, `'add, echo'` a list of names.
 *
 * `fields` describes a dict whose known entries are converted the same way
 * (e.g. `tls.requestCert`); unknown entries are kept as written.
 */
export type ValueType =
  | 'any'
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'string-list'
  | { readonly fields: Readonly<Record<string, ValueType>> };

/** A short name for messages: `integer`, `list of strings`, `object`. */
export function describeValueType(type: ValueType): string {
  if (typeof type === 'object') return 'object';
  return type === 'string-list' ? 'list of strings' : type;
}
