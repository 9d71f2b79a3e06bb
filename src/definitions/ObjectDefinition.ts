import type { SourceLocation } from './SourceLocation.js';
import type { ValueDefinition } from './ValueDefinition.js';

/** `singleton`: one instance per context; `prototype`: a new one on every `get`. */
export type Scope = 'singleton' | 'prototype';

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
  /** A static method of the class that makes the instance. @default undefined */
  readonly factoryMethod?: string;
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
}
