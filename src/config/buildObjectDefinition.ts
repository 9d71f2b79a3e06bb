import type {
  AutowireMode,
  ConstructorArgDefinition,
  ObjectDefinition,
  PropertyDefinition,
  Scope,
  SourceLocation,
} from '../definitions/index.js';

/**
 * The settings an object may write, by the name both formats give them (an
 * XML attribute, a YAML key); each reader adds its own id and nesting names.
 */
export const OBJECT_SETTING_NAMES = [
  'class',
  'scope',
  'lazy-init',
  'abstract',
  'parent',
  'init-method',
  'destroy-method',
  'depends-on',
  'factory-method',
  'factory-bean',
  'autowire',
  'primary',
] as const;

/**
 * One object's settings as a reader found them, each already converted from
 * its format's syntax (problems reported); `undefined` where the file does
 * not say.
 */
export interface ObjectSettings {
  readonly id: string;
  readonly className: string | undefined;
  /** Whether the file wrote a scope at all (even one that was not valid). */
  readonly scopeWritten: boolean;
  /** The scope read, or undefined for the default. */
  readonly scope: Scope | undefined;
  readonly lazyInit: boolean | undefined;
  readonly abstract: boolean | undefined;
  readonly parent: string | undefined;
  readonly initMethod: string | undefined;
  readonly destroyMethod: string | undefined;
  readonly factoryMethod: string | undefined;
  readonly factoryBean: string | undefined;
  /** The mode written (`no` included), or undefined (`default`, or not written): the group's default applies. */
  readonly autowire: AutowireMode | 'no' | undefined;
  /** The enclosing group's `default-autowire`. */
  readonly defaultAutowire: AutowireMode | 'no' | undefined;
  readonly primary: boolean | undefined;
  readonly dependsOn: readonly string[];
  readonly constructorArgs: readonly ConstructorArgDefinition[];
  readonly properties: readonly PropertyDefinition[];
  readonly location: SourceLocation;
}

/**
 * The definition both readers produce from an object's settings: defaults
 * filled in, absent optional settings left out, and `explicit` listing the
 * defaulted settings the file wrote (so a child of a `parent` inherits only
 * what it did not say), so that XML and YAML agree to the letter.
 */
export function buildObjectDefinition(settings: ObjectSettings): ObjectDefinition {
  const { className, parent, initMethod, destroyMethod, factoryMethod, factoryBean } = settings;
  const autowire = settings.autowire ?? settings.defaultAutowire;
  const explicit: ('scope' | 'lazyInit')[] = [];
  if (settings.scopeWritten) explicit.push('scope');
  if (settings.lazyInit !== undefined) explicit.push('lazyInit');
  return {
    id: settings.id,
    ...(className === undefined ? {} : { className }),
    scope: settings.scope ?? 'singleton',
    lazyInit: settings.lazyInit ?? false,
    abstract: settings.abstract ?? false,
    ...(parent === undefined ? {} : { parent }),
    ...(initMethod === undefined ? {} : { initMethod }),
    ...(destroyMethod === undefined ? {} : { destroyMethod }),
    dependsOn: settings.dependsOn,
    ...(factoryMethod === undefined ? {} : { factoryMethod }),
    ...(factoryBean === undefined ? {} : { factoryBean }),
    ...(autowire === undefined || autowire === 'no' ? {} : { autowire }),
    ...(settings.primary === true ? { primary: true } : {}),
    constructorArgs: settings.constructorArgs,
    properties: settings.properties,
    ...(explicit.length === 0 ? {} : { explicit }),
    location: settings.location,
  };
}
