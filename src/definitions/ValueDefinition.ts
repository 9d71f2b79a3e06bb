import type { ObjectDefinition } from './ObjectDefinition.js';
import type { SourceLocation } from './SourceLocation.js';

/**
 * The type a literal asks for. `undefined` (untyped XML text) means "convert to
 * whatever the target property or argument expects", so `value="7000"` becomes
 * the number a port needs and `"false"` the boolean false.
 */
export type LiteralType = 'string' | 'int' | 'double' | 'boolean';

/** A literal: XML text, or a YAML scalar that keeps its own type. */
export interface LiteralValue {
  readonly kind: 'literal';
  readonly value: string | number | boolean;
  /** @default undefined: untyped, converted by the target's expected type */
  readonly type?: LiteralType;
  readonly location: SourceLocation;
}

/** A reference to another object by id. */
export interface RefValue {
  readonly kind: 'ref';
  readonly id: string;
  readonly location: SourceLocation;
}

/** An inner (anonymous or named) object defined in place. */
export interface InnerObjectValue {
  readonly kind: 'object';
  readonly definition: ObjectDefinition;
  readonly location: SourceLocation;
}

/** `<list>` / YAML sequence: an array. */
export interface ListValue {
  readonly kind: 'list';
  readonly items: readonly ValueDefinition[];
  readonly location: SourceLocation;
}

/** `<set>`: a `Set`. */
export interface SetValue {
  readonly kind: 'set';
  readonly items: readonly ValueDefinition[];
  readonly location: SourceLocation;
}

/** `<dict>` / YAML mapping: a plain object of string keys. */
export interface DictValue {
  readonly kind: 'dict';
  readonly entries: readonly { readonly key: string; readonly value: ValueDefinition }[];
  readonly location: SourceLocation;
}

/** `<props>`: string keys to string values. */
export interface PropsValue {
  readonly kind: 'props';
  readonly entries: readonly { readonly key: string; readonly value: string }[];
  readonly location: SourceLocation;
}

/** `<null/>`. */
export interface NullValue {
  readonly kind: 'null';
  readonly location: SourceLocation;
}

/** Anything that can stand where a value goes in a context file. */
export type ValueDefinition =
  LiteralValue | RefValue | InnerObjectValue | ListValue | SetValue | DictValue | PropsValue | NullValue;
