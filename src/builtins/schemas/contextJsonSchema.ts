import type { OptionSpec } from '../../container/index.js';
import { fileOptions } from '../../container/index.js';
import type { BuiltinOptions } from './builtinOptions.js';
import { constraintText, kindLabel } from './builtinOptions.js';

type Schema = Record<string, unknown>;

const placeholder: Schema = { type: 'string', pattern: '\\$\\{' };
const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });

/** A typed literal, `{value: '7', type: int}`, accepted wherever a literal is. */
const typedLiteral = ref('typedLiteral');

function describe(spec: OptionSpec): string {
  const constraint = constraintText(spec).replaceAll('`', '');
  const doc = spec.doc.replaceAll('`', '');
  return `${doc} (${kindLabel(spec)}${constraint === '' ? '' : `, ${constraint}`}; default: ${spec.default.replaceAll('`', '')})`;
}

function numberSchema(spec: OptionSpec): Schema {
  return {
    type: spec.kind === 'integer' ? 'integer' : 'number',
    ...(spec.min === undefined ? {} : { minimum: spec.min }),
    ...(spec.max === undefined ? {} : { maximum: spec.max }),
    ...(spec.exclusiveMax === undefined ? {} : { exclusiveMaximum: spec.exclusiveMax }),
  };
}

function textSchema(spec: OptionSpec): Schema {
  if (spec.enum !== undefined) return { enum: spec.enum };
  if (spec.schemes !== undefined)
    return { type: 'string', pattern: `^(${spec.schemes.join('|')})://|\\$\\{` };
  return { type: 'string' };
}

/** The JSON Schema of one option's value, as the YAML reader and `spindle check` accept it. */
function optionSchema(spec: OptionSpec): Schema {
  const description = describe(spec);
  switch (spec.kind) {
    case 'string':
    case 'pem':
      return { description, anyOf: [textSchema(spec), placeholder, typedLiteral] };
    case 'integer':
    case 'number':
      return {
        description,
        anyOf: [
          numberSchema(spec),
          { type: 'string', pattern: '^\\s*[+-]?[0-9.eE+-]+\\s*$' },
          placeholder,
          typedLiteral,
        ],
      };
    case 'boolean':
      return { description, anyOf: [ref('boolean'), typedLiteral] };
    case 'string-list':
    case 'pem-list': {
      const item = textSchema(spec);
      return {
        description,
        anyOf: [
          item,
          placeholder,
          { type: 'array', items: { anyOf: [item, placeholder] } },
          ref('listWrapper'),
        ],
      };
    }
    case 'map':
      return { description, type: 'object' };
    case 'object': {
      const fields = fieldsSchema(spec);
      return {
        description,
        anyOf: [
          fields,
          { type: 'object', required: ['dict'], additionalProperties: false, properties: { dict: fields } },
        ],
      };
    }
    case 'ref':
      return { description, anyOf: [ref('refWrapper'), ref('innerObject')] };
    case 'ref-list': {
      const item = { anyOf: [ref('refWrapper'), ref('innerObject')] };
      return { description, anyOf: [item, { type: 'array', items: item }, ref('listWrapper')] };
    }
    case 'members': {
      const member = { anyOf: [textSchema(spec), placeholder, ref('refWrapper'), ref('innerObject')] };
      return { description, anyOf: [member, { type: 'array', items: member }, ref('listWrapper')] };
    }
    case 'any':
      return { description, $ref: '#/definitions/value' };
  }
}

function fieldsSchema(spec: OptionSpec): Schema {
  const fields = fileOptions(spec.fields ?? {});
  const required = fields.filter(([, field]) => field.required === true).map(([name]) => name);
  return {
    type: 'object',
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
    properties: Object.fromEntries(fields.map(([name, field]) => [name, optionSchema(field)])),
  };
}

/** The `properties` (and named `constructor-args`) of one built-in: its options and their aliases. */
function builtinPropertiesSchema(builtin: BuiltinOptions): Schema {
  const properties: Record<string, Schema> = {};
  for (const [name, spec] of builtin.options) {
    properties[name] = optionSchema(spec);
    if (spec.alias !== undefined)
      properties[spec.alias] = { $ref: `#/definitions/${builtin.name}/properties/${name}` };
  }
  return {
    description: `The options of ${builtin.name} (see docs/context-files.md); required ones may come from a parent, so spindle check reports them.`,
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/** `class: <built-in>` → its properties and named constructor-args are the built-in's options. */
function builtinRule(builtin: BuiltinOptions): Schema {
  const options = { $ref: `#/definitions/${builtin.name}` };
  return {
    if: { required: ['class'], properties: { class: { const: builtin.name } } },
    then: { properties: { properties: options, 'constructor-args': options } },
  };
}

/**
 * The JSON Schema of YAML context files (`config/spindle-context.schema.json`):
 * the reader's keys and value wrappers, and every built-in's options with
 * their types, ranges, enums and URL schemes, from the option tables.
 */
export function contextJsonSchema(builtins: readonly BuiltinOptions[]): Schema {
  const keys = {
    imports: ref('imports'),
    objects: ref('objects'),
    aliases: ref('aliases'),
    'default-autowire': {
      description: "The autowire of this section's objects (and its profiles') that say none.",
      ...ref('autowire'),
    },
    profiles: ref('profiles'),
  };
  const scalarWrapperValue = { type: ['string', 'number', 'boolean'] };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://spindle.dev/schema/spindle-context.schema.json',
    title: 'Spindle YAML context file',
    description:
      "Objects, imports and profiles of a Spindle context (Spring Python's YAML keys). Every text value may hold ${NAME} or ${NAME:default} placeholders. Generated by npm run generate:schemas from the built-ins' option tables; do not edit.",
    type: 'object',
    additionalProperties: false,
    properties: keys,
    definitions: {
      imports: {
        description:
          "Other context files (XML or YAML), relative to this file; read before this file's objects.",
        oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
      },
      objects: {
        description: 'Object definitions; a later one with the same id replaces an earlier one.',
        type: 'array',
        items: ref('object'),
      },
      aliases: {
        description:
          'Other names for objects, usable wherever an id is (refs, depends-on, factory-bean, get).',
        type: 'array',
        items: {
          type: 'object',
          required: ['alias', 'name'],
          additionalProperties: false,
          properties: {
            alias: { type: 'string', description: 'The new name.' },
            name: { type: 'string', description: 'The id (or alias) it stands for.' },
          },
        },
      },
      autowire: {
        description:
          'no, default (the section default-autowire), byName, byType or constructor: what the container fills by itself.',
        anyOf: [{ enum: ['no', 'default', 'byName', 'byType', 'constructor'] }, placeholder],
      },
      profiles: {
        description:
          "Sections active only with a profile: 'dev', 'dev, test' (any of them) or '!prod' (not prod).",
        type: 'object',
        additionalProperties: { type: 'object', additionalProperties: false, properties: keys },
      },
      boolean: {
        description: 'true or false (a placeholder that expands to one is accepted).',
        oneOf: [
          { type: 'boolean' },
          { type: 'string', pattern: '^(true|false|True|False|TRUE|FALSE)$|\\$\\{' },
        ],
      },
      object: {
        type: 'object',
        additionalProperties: false,
        properties: {
          object: {
            description: 'The id (inner objects may leave it empty: one is generated).',
            type: ['string', 'null'],
          },
          class: {
            description: 'A built-in name, a registered name, or <module relative to this file>#<export>.',
            type: 'string',
            examples: [...builtins.map((builtin) => builtin.name), './service.js#Service'],
          },
          scope: {
            description: 'singleton (one per context, the default) or prototype (a new one on every get).',
            anyOf: [{ enum: ['singleton', 'prototype'] }, placeholder],
          },
          'lazy-init': {
            $ref: '#/definitions/boolean',
            description: 'Create on first get instead of at load (default false).',
          },
          abstract: {
            $ref: '#/definitions/boolean',
            description: 'A template for children (parent), never created (default false).',
          },
          parent: {
            type: 'string',
            description: 'Id of the definition to inherit class, scope, args and properties from.',
          },
          'init-method': {
            type: 'string',
            description: 'Called (and awaited) after the properties are set.',
          },
          'destroy-method': { type: 'string', description: 'Called (and awaited) when the context closes.' },
          'depends-on': {
            description: 'Ids created before this object and destroyed after it.',
            oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
          },
          'factory-method': {
            type: 'string',
            description:
              'A static method of the class (or, with factory-bean, a method of that object) that makes the instance.',
          },
          'factory-bean': {
            type: 'string',
            description: 'Id of the object whose factory-method makes this one.',
          },
          autowire: ref('autowire'),
          primary: {
            $ref: '#/definitions/boolean',
            description: 'The one chosen when several objects fit an autowired slot or a lookup by class.',
          },
          'constructor-args': {
            description:
              'A list (by position), or a mapping: a whole-number key is an index, any other key a parameter name.',
            oneOf: [
              { type: 'array', items: ref('value') },
              { type: 'object', additionalProperties: ref('value') },
            ],
          },
          properties: {
            description: 'Property name to value, set after construction.',
            type: 'object',
            additionalProperties: ref('value'),
          },
        },
        allOf: builtins.map(builtinRule),
      },
      refWrapper: {
        type: 'object',
        required: ['ref'],
        additionalProperties: false,
        properties: {
          ref: {
            description: 'The id of another object.',
            oneOf: [
              { type: 'string' },
              {
                type: 'object',
                required: ['object'],
                additionalProperties: false,
                properties: { object: { type: 'string' } },
              },
            ],
          },
        },
      },
      innerObject: { allOf: [{ type: 'object', required: ['object'] }, ref('object')] },
      listWrapper: {
        type: 'object',
        required: ['list'],
        additionalProperties: false,
        properties: { list: { type: 'array', items: ref('value') } },
      },
      typedLiteral: {
        type: 'object',
        required: ['value'],
        additionalProperties: false,
        properties: { value: scalarWrapperValue, type: { enum: ['string', 'int', 'double', 'boolean'] } },
      },
      value: {
        description:
          'A scalar (a YAML number or boolean keeps its type; text is converted to what the target expects), null, a list, a mapping (a dict), or one of the wrappers {ref}, {object ...}, {list}, {set}, {dict}, {props}, {value, type}.',
        anyOf: [
          { type: ['string', 'number', 'boolean', 'null'] },
          { type: 'array', items: ref('value') },
          ref('refWrapper'),
          ref('innerObject'),
          ref('listWrapper'),
          {
            type: 'object',
            required: ['set'],
            additionalProperties: false,
            properties: { set: { type: 'array', items: ref('value') } },
          },
          {
            type: 'object',
            required: ['dict'],
            additionalProperties: false,
            properties: { dict: { type: 'object', additionalProperties: ref('value') } },
          },
          {
            type: 'object',
            required: ['props'],
            additionalProperties: false,
            properties: { props: { type: 'object', additionalProperties: scalarWrapperValue } },
          },
          typedLiteral,
          {
            description: 'A plain mapping: a dict of string keys.',
            type: 'object',
            not: {
              anyOf: [
                { required: ['ref'], maxProperties: 1 },
                { required: ['object'] },
                { required: ['list'], maxProperties: 1 },
                { required: ['set'], maxProperties: 1 },
                { required: ['dict'], maxProperties: 1 },
                { required: ['props'], maxProperties: 1 },
                { required: ['value'], propertyNames: { enum: ['value', 'type'] } },
              ],
            },
            additionalProperties: ref('value'),
          },
        ],
      },
      ...Object.fromEntries(builtins.map((builtin) => [builtin.name, builtinPropertiesSchema(builtin)])),
    },
  };
}
