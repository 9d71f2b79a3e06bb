import type { ValueType } from './ValueType.js';

/**
 * What a context file may write for one option of a built-in class:
 *
 * - `string`, `integer`, `number`, `boolean`: one scalar (XML text is converted);
 * - `string-list`: a list of strings, or one comma-separated string;
 * - `pem`: PEM text or the path of a readable file; `pem-list` also a list of them;
 * - `map`: a dict of free entries (`headers`, `auth.users`);
 * - `object`: a dict whose entries are the options in `fields`;
 * - `ref`: an object, given as a `ref` or an inner object, never a literal;
 * - `members`: a list of refs to proxies and/or service URLs;
 * - `ref-list`: a list of objects, each a `ref` or an inner object (one alone is a list of one);
 * - `any`: anything (a value the class checks itself).
 */
export type OptionKind =
  | 'any'
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'string-list'
  | 'pem'
  | 'pem-list'
  | 'map'
  | 'object'
  | 'ref'
  | 'members'
  | 'ref-list';

/**
 * One option of a built-in class, as context files, `spindle check`, the
 * schemas and the docs' tables all see it (they are generated from these).
 */
export interface OptionSpec {
  readonly kind: OptionKind;
  /** One sentence for the docs' table and the schemas' descriptions. */
  readonly doc: string;
  /** The default as the docs show it (Markdown), e.g. "`8000`" or "none: plain HTTP". */
  readonly default: string;
  /** The options of an `object`. @default undefined */
  readonly fields?: Readonly<Record<string, OptionSpec | CodeOnlyOption>>;
  /** The object cannot be made without it. @default false */
  readonly required?: boolean;
  /** Smallest number accepted (inclusive). @default no minimum */
  readonly min?: number;
  /** Largest number accepted (inclusive). @default no maximum */
  readonly max?: number;
  /** Numbers must be below it (exclusive). @default no such bound */
  readonly exclusiveMax?: number;
  /** Exactly the values accepted (for a `string`, or items of a `string-list`). @default any */
  readonly enum?: readonly string[];
  /** URL schemes accepted, without `:` (for a `string`, `string-list` or the URLs of `members`). @default any */
  readonly schemes?: readonly string[];
  /** Spring Python's spelling, accepted as well. @default none */
  readonly alias?: string;
  /**
   * A `string` that names a file (`'file'`) or a program (`'command'`): a
   * relative path is resolved against the directory of the context file that
   * wrote it (a bare program name stays as written, for `PATH`).
   * @default undefined (plain text)
   */
  readonly path?: 'file' | 'command';
  /**
   * The object (a `ref`), or each entry of the dict (a `map`), names an Error
   * class by an inner object or a ref of that class (`faults`,
   * `transportErrorClass`): the class refuses any other.
   * @default false
   */
  readonly errorClass?: boolean;
  /**
   * Every object of a `ref-list` must have this method (`intercept` for
   * interceptors): an object of a class without it is refused.
   * @default undefined (any object)
   */
  readonly method?: string;
}

/**
 * An option that exists in the TypeScript interface but cannot be written in
 * a context file (a function, a client object); listed so the definition
 * stays exhaustive.
 */
export interface CodeOnlyOption {
  readonly kind: 'code-only';
  /** Why files cannot set it. */
  readonly why: string;
}

/**
 * Every key of the options interface `T`, described. `satisfies
 * OptionTable<SomeOptions>` makes adding an option to the interface without
 * describing it (or describing one it does not have) a type error.
 */
export type OptionTable<T> = { readonly [K in keyof T]-?: OptionSpec | CodeOnlyOption };

/** The options a file may write: the table without its code-only entries. */
export function fileOptions(
  table: Readonly<Record<string, OptionSpec | CodeOnlyOption>>,
): [string, OptionSpec][] {
  return Object.entries(table).flatMap(([name, spec]) => (spec.kind === 'code-only' ? [] : [[name, spec]]));
}

/** How the container converts a literal for `spec` (`convertLiteral`). */
export function valueTypeOf(spec: OptionSpec): ValueType {
  switch (spec.kind) {
    case 'string':
      return spec.path ?? 'string';
    case 'integer':
    case 'number':
    case 'boolean':
    case 'string-list':
      return spec.kind;
    case 'pem':
    case 'pem-list':
      // A path among them is resolved against the context file; PEM text stays as written.
      return 'file';
    case 'object':
      return {
        fields: Object.fromEntries(
          fileOptions(spec.fields ?? {}).map(([name, field]) => [name, valueTypeOf(field)]),
        ),
      };
    case 'map':
    case 'ref':
    case 'members':
    case 'ref-list':
    case 'any':
      return 'any';
  }
}

/** The `properties` of a `ClassDescriptor`: each file option's conversion type. */
export function valueTypesOf(
  table: Readonly<Record<string, OptionSpec | CodeOnlyOption>>,
): Record<string, ValueType> {
  return Object.fromEntries(fileOptions(table).map(([name, spec]) => [name, valueTypeOf(spec)]));
}

/** The `aliases` of a `ClassDescriptor`: Spring Python's spelling → the option. */
export function aliasesOf(
  table: Readonly<Record<string, OptionSpec | CodeOnlyOption>>,
): Record<string, string> {
  return Object.fromEntries(
    fileOptions(table).flatMap(([name, spec]) => (spec.alias === undefined ? [] : [[spec.alias, name]])),
  );
}
