import type { SourceLocation } from './SourceLocation.js';
import type { ValueDefinition } from './ValueDefinition.js';

/** `singleton`: one instance per context; `prototype`: a new one on every `get`. */
export type Scope = 'singleton' | 'prototype';

/**
 * How the container fills what the file does not write (Spring's modes):
 * `byName` sets each autowirable property to the object of the same id or
 * alias, `byType` to the one object of the property's type, `constructor`
 * fills the constructor's parameters by type. Absent: nothing is autowired.
 */
export type AutowireMode = 'byName' | 'byType' | 'constructor';

/** The modes a file may write in `autowire` / `default-autowire` (`no` and `default` included). */
export const AUTOWIRE_VALUES = ['no', 'default', 'byName', 'byType', 'constructor'] as const;

/** `<alias name="service" alias="ledger"/>`: one more name for an object (or for another alias). */
export interface AliasDefinition {
  /** The new name. */
  readonly alias: string;
  /** The id (or alias) it stands for. */
  readonly name: string;
  readonly location: SourceLocation;
}

/** A `<constructor-arg>`: by position in document order, by `index`, or by `name`. */
export interface ConstructorArgDefinition {
  /** @default undefined: positional, in document order */
  readonly index?: number;
  /** @default undefined */
  readonly name?: string;
  readonly value: ValueDefinition;
  readonly location: SourceLocation;
}

/** A `<property name=…>`, set after construction. */
export interface PropertyDefinition {
  readonly name: string;
  readonly value: ValueDefinition;
  readonly location: SourceLocation;
}

/**
 * One object as a context file declares it: plain data, no behaviour, no
 * inversify. Readers produce it; the validator checks it; the container's
 * builder turns it into bindings.
 */
export interface ObjectDefinition {
  /** Unique within a context; inner objects without an id get a generated one. */
  readonly id: string;
  /** Built-in or registered name, or `module#export` resolved against `location.file`. @default undefined (only for abstract objects or children of a parent that has one) */
  readonly className?: string;
  /** @default 'singleton' */
  readonly scope: Scope;
  /** Create on first `get` instead of at load. @default false */
  readonly lazyInit: boolean;
  /** A template only: never instantiated, only inherited from. @default false */
  readonly abstract: boolean;
  /** Id of the definition to inherit class, args and properties from. @default undefined */
  readonly parent?: string;
  /** @default undefined (then `afterPropertiesSet` if the class defines it) */
  readonly initMethod?: string;
  /** @default undefined (then `destroy` if the class defines it) */
  readonly destroyMethod?: string;
  /** Ids created before this one and destroyed after it. @default [] */
  readonly dependsOn: readonly string[];
  /** A static method of the class, or with `factoryBean` an instance method of that object, that makes the instance. @default undefined */
  readonly factoryMethod?: string;
  /** Id of the object whose `factoryMethod` makes this one (Spring's instance factory). @default undefined */
  readonly factoryBean?: string;
  /** What the container wires by itself. @default undefined (nothing) */
  readonly autowire?: AutowireMode;
  /** The one chosen when several objects fit an autowired slot or a lookup by type. @default false */
  readonly primary?: boolean;
  readonly constructorArgs: readonly ConstructorArgDefinition[];
  readonly properties: readonly PropertyDefinition[];
  /**
   * Which defaulted settings the file wrote explicitly, so that a child of a
   * `parent` inherits only what it did not say itself (Spring's rule).
   * @default undefined (none: the child inherits scope and lazy-init)
   */
  readonly explicit?: readonly ('scope' | 'lazyInit')[];
  readonly location: SourceLocation;
}

/** All definitions of a loaded context, after imports, profiles and overrides. */
export interface ContextDefinition {
  /** By id; a later file's definition has replaced an earlier one with the same id. */
  readonly objects: ReadonlyMap<string, ObjectDefinition>;
  /** Every file read, imports included, in reading order. */
  readonly files: readonly string[];
  /** `<alias>`es by alias name. @default undefined (none) */
  readonly aliases?: ReadonlyMap<string, AliasDefinition>;
}
