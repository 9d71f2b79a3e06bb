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
  /**
   * A file path (or PEM text): a relative path is resolved against the
   * directory of the context file that wrote it; in a list, every item.
   */
  | 'file'
  /** A program: a bare name as written (found on `PATH`), a name with a slash resolved like a `file`. */
  | 'command'
  | { readonly fields: Readonly<Record<string, ValueType>> };

/** A short name for messages: `integer`, `list of strings`, `object`. */
export function describeValueType(type: ValueType): string {
  if (typeof type === 'object') return 'object';
  if (type === 'string-list') return 'list of strings';
  return type === 'file' ? 'file path' : type;
}

/** The type of each item when a list is given for `type`: `string-list` holds strings, `file` files. */
export function listItemType(type: ValueType | undefined): ValueType | undefined {
  if (type === 'string-list') return 'string';
  return type === 'file' ? 'file' : undefined;
}
