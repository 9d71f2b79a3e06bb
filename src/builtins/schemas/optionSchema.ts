import type { OptionSpec } from '../../container/index.js';
import { fileOptions } from '../../container/index.js';
import type { BuiltinOptions } from './builtinOptions.js';
import { constraintText, kindLabel } from './builtinOptions.js';

/** A JSON Schema (draft-07) node, as plain data. */
export type Schema = Record<string, unknown>;

/** Text holding a `${…}` placeholder: accepted wherever a value is, as it expands later. */
export const placeholder: Schema = { type: 'string', pattern: '\\$\\{' };

/** A reference to one of the schema's `definitions`. */
export const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });

/** A typed literal, `{value: '7', type: int}`, accepted wherever a literal is. */
export const typedLiteral = ref('typedLiteral');

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
export function optionSchema(spec: OptionSpec): Schema {
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
export function builtinPropertiesSchema(builtin: BuiltinOptions): Schema {
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
