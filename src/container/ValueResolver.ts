import type { ObjectDefinition, SourceLocation, ValueDefinition } from '../definitions/index.js';
import type { ClassDescriptor } from './ClassDescriptor.js';
import type { RegisteredClass } from './ClassRegistry.js';
import { didYouMean } from '../definitions/index.js';
import { ContainerError } from './ContainerError.js';
import { convertLiteral, ConversionFailure } from './convertLiteral.js';
import type { MaybePromise } from './maybePromise.js';
import { chain, sequence } from './maybePromise.js';
import { placeConstructorArgs } from './placeConstructorArgs.js';
import type { ValueType } from './ValueType.js';
import { listItemType } from './ValueType.js';

/** Where values that name objects are answered: the factory. */
export interface ObjectSource {
  /** The object for `id` (a `ref`), with the reference path for cycle detection. */
  resolve(id: string, path: readonly string[], from?: SourceLocation): MaybePromise<unknown>;
  /** A new object for an inner definition. */
  create(definition: ObjectDefinition, path: readonly string[]): MaybePromise<unknown>;
}

/**
 * Turns the values written for constructor arguments and properties into
 * what the object receives: literals converted to the wanted type, `ref`s and
 * inner objects asked of the factory, collections built item by item, one
 * after the other (synchronously while everything is).
 */
export class ValueResolver {
  public constructor(private readonly objects: ObjectSource) {}

  /**
   * The `[name, value]` pairs of a built-in class's properties and named
   * arguments, aliases applied and each converted to its declared type.
   */
  public builtinProperties(
    definition: ObjectDefinition,
    descriptor: ClassDescriptor,
    path: readonly string[],
  ): MaybePromise<(readonly [string, unknown])[]> {
    const aliases = descriptor.aliases ?? {};
    const named: { name: string; value: ValueDefinition; location: SourceLocation }[] = [
      ...definition.properties,
    ];
    for (const arg of definition.constructorArgs) {
      if (arg.name === undefined) {
        throw new ContainerError(
          'SPINDLE_CONTAINER_ARGUMENT',
          `${descriptor.name} takes named arguments only (constructor-arg name="…")`,
          { objectId: definition.id, location: arg.location },
        );
      }
      named.push({ name: arg.name, value: arg.value, location: arg.location });
    }
    const steps = named.map((item) => () => {
      const name = aliases[item.name] ?? item.name;
      const type = Object.hasOwn(descriptor.properties, name) ? descriptor.properties[name] : undefined;
      if (type === undefined) {
        const known = [...Object.keys(descriptor.properties), ...Object.keys(aliases)];
        throw new ContainerError(
          'SPINDLE_CONTAINER_UNKNOWN_PROPERTY',
          `${descriptor.name} has no property '${item.name}'${didYouMean(item.name, known)}`,
          { objectId: definition.id, location: item.location },
        );
      }
      return chain(
        this.value(item.value, type, path, definition, `property '${item.name}'`),
        (value) => [name, value] as const,
      );
    });
    return sequence(steps);
  }

  /**
   * The constructor arguments of a registered class, in the order its
   * constructor takes them; without `entry`, a factory-bean method's (by
   * position or index only).
   */
  public constructorArgs(
    definition: ObjectDefinition,
    entry: RegisteredClass | undefined,
    path: readonly string[],
  ): MaybePromise<unknown[]> {
    const placed = placeConstructorArgs(definition, entry);
    return sequence(
      placed.map(
        (arg) => () =>
          arg === undefined
            ? undefined
            : this.value(arg.value, undefined, path, definition, 'constructor argument'),
      ),
    );
  }

  /** Sets the properties of `object`, one after the other. */
  public setProperties(
    definition: ObjectDefinition,
    object: unknown,
    path: readonly string[],
  ): MaybePromise<unknown[]> {
    return sequence(
      definition.properties.map(
        (property) => () =>
          chain(
            this.value(property.value, undefined, path, definition, `property '${property.name}'`),
            (value) => {
              Reflect.set(object as object, property.name, value);
            },
          ),
      ),
    );
  }

  /** One value, converted to `type` when it is a literal; `what` names the slot in errors. */
  public value(
    value: ValueDefinition,
    type: ValueType | undefined,
    path: readonly string[],
    owner: ObjectDefinition,
    what: string,
  ): MaybePromise<unknown> {
    const itemType = listItemType(type);
    const items = (list: readonly ValueDefinition[]): MaybePromise<unknown[]> =>
      sequence(list.map((item) => () => this.value(item, itemType, path, owner, what)));
    switch (value.kind) {
      case 'literal': {
        const converted = convertLiteral(value, type);
        if (converted instanceof ConversionFailure) {
          throw new ContainerError(
            'SPINDLE_CONTAINER_VALUE_TYPE',
            `'${owner.id}' ${what}: ${converted.message}`,
            {
              objectId: owner.id,
              location: value.location,
            },
          );
        }
        return converted;
      }
      case 'ref':
        return this.objects.resolve(value.id, path, value.location);
      case 'object':
        return this.objects.create(value.definition, [...path, value.definition.id]);
      case 'list':
        return items(value.items);
      case 'set':
        return chain(items(value.items), (list) => new Set(list));
      case 'dict': {
        const fields = typeof type === 'object' ? type.fields : {};
        return chain(
          sequence(
            value.entries.map(
              (entry) => () =>
                chain(
                  this.value(
                    entry.value,
                    Object.hasOwn(fields, entry.key) ? fields[entry.key] : undefined,
                    path,
                    owner,
                    `${what}.${entry.key}`,
                  ),
                  (converted) => [entry.key, converted] as const,
                ),
            ),
          ),
          (pairs) => Object.fromEntries(pairs),
        );
      }
      case 'props':
        return Object.fromEntries(value.entries.map((entry) => [entry.key, entry.value]));
      case 'null':
        return null;
    }
  }
}
