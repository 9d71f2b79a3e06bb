import type { OptionSpec } from '../../container/index.js';
import { fileOptions } from '../../container/index.js';
import type { BuiltinOptions } from './builtinOptions.js';
import { escapeXml, constraintText } from './builtinOptions.js';

/**
 * The Schematron rules of XML context files (`config/spindle-objects.sch`):
 * what XSD 1.0 cannot say because it depends on an object's `class`. For
 * every built-in: the property names (and Spring Python's aliases) it has,
 * and for each property and each field of an `object` property, the kind of
 * value (`ref=` for objects, one value or a dict), booleans, numbers and
 * their range, enums and URL schemes. Written for libxml2 (`xmllint
 * --schematron`): every rule has the context `*`, as its patterns take no
 * predicates, and names are matched by `local-name()`, so one file serves
 * every namespace the reader accepts.
 */

const literal = '(@value or *[local-name()="value"])';
const text = 'normalize-space((@value | *[local-name()="value"])[1])';
const hasPlaceholder = `contains(${text}, "\${")`;
const collection =
  '*[local-name()="list" or local-name()="set" or local-name()="dict" or local-name()="props"]';

function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

function anyOf(expression: string, values: readonly string[]): string {
  return values.map((value) => `${expression} = ${quote(value)}`).join(' or ');
}

function assert(test: string, message: string): string {
  return `      <assert test="${escapeXml(test)}">${escapeXml(message)}</assert>`;
}

/** The assertions on one value slot selected by `selected` (a property, or an entry of a dict). */
function valueAssertions(selected: string, what: string, spec: OptionSpec): string[] {
  const checks: string[] = [];
  const written = `not(${selected} and ${literal}) or ${hasPlaceholder}`;
  switch (spec.kind) {
    case 'ref':
    case 'ref-list':
      checks.push(
        assert(
          `not(${selected}) or not(${literal})`,
          `${what} needs an object: write ref="…" or an inner object, not value="…"`,
        ),
      );
      break;
    case 'map':
    case 'object':
      checks.push(assert(`not(${selected}) or not(${literal})`, `${what} needs a dict, not a value`));
      break;
    case 'string':
    case 'pem':
    case 'integer':
    case 'number':
    case 'boolean':
      checks.push(
        assert(`not(${selected}) or not(${collection})`, `${what} needs one value, not a list or a dict`),
      );
      break;
    case 'any':
    case 'members':
    case 'pem-list':
    case 'string-list':
      break;
  }
  if (spec.kind === 'boolean') {
    const lower = `translate(${text}, "TRUEFALS", "truefals")`;
    checks.push(assert(`${written} or ${anyOf(lower, ['true', 'false'])}`, `${what} must be true or false`));
  }
  if (spec.kind === 'integer' || spec.kind === 'number') {
    const number = `number(${text})`;
    const tests = [`string(${number}) != "NaN"`];
    if (spec.kind === 'integer') tests.push(`floor(${number}) = ${number}`);
    if (spec.min !== undefined) tests.push(`${number} >= ${String(spec.min)}`);
    if (spec.max !== undefined) tests.push(`${number} <= ${String(spec.max)}`);
    if (spec.exclusiveMax !== undefined) tests.push(`${number} < ${String(spec.exclusiveMax)}`);
    const range = constraintText(spec).replaceAll('`', '');
    checks.push(
      assert(
        `${written} or (${tests.join(' and ')})`,
        `${what} must be ${spec.kind === 'integer' ? 'an integer' : 'a number'}${range === '' ? '' : ` (${range})`}`,
      ),
    );
  }
  if ((spec.kind === 'string' || spec.kind === 'members') && spec.enum !== undefined) {
    checks.push(
      assert(`${written} or ${anyOf(text, spec.enum)}`, `${what} must be one of ${spec.enum.join(', ')}`),
    );
  }
  if ((spec.kind === 'string' || spec.kind === 'members') && spec.schemes !== undefined) {
    const starts = spec.schemes.map((scheme) => `starts-with(${text}, "${scheme}://")`).join(' or ');
    checks.push(assert(`${written} or ${starts}`, `${what} must be a ${spec.schemes.join(', ')} URL`));
  }
  return checks;
}

function names(name: string, spec: OptionSpec): string {
  return anyOf('@name', spec.alias === undefined ? [name] : [name, spec.alias]);
}

/** The key of the entry at `node` (a `key` attribute, or Spring Python's `<key><value>`). */
function keyOf(node: string): string {
  const at = node === '.' ? '' : `${node}/`;
  return `normalize-space((${at}@key | ${at}*[local-name()="key"]/*[local-name()="value"])[1])`;
}

/**
 * True when `holder` (a path up from the current node) holds the dict of the
 * fields reached through `chain` (the property's name first): the property
 * itself when only its name is left, else an entry keyed by the last field,
 * inside the dict of the rest.
 */
function holds(holder: string, chain: readonly string[], property: Holder): string {
  const last = chain.at(-1);
  if (chain.length <= 1 || last === undefined) {
    const element = `(local-name(${holder}) = "property" or local-name(${holder}) = "constructor-arg")`;
    return `${element} and (${anyOf(`${holder}/@name`, property.names)}) and ${holder}/../@class = "${property.className}"`;
  }
  return `local-name(${holder}) = "entry" and local-name(${holder}/..) = "dict" and ${keyOf(holder)} = "${last}" and ${holds(`${holder}/../..`, chain.slice(0, -1), property)}`;
}

/** The property an `object` option is written in: its names (with the alias) and its object's class. */
interface Holder {
  readonly names: readonly string[];
  readonly className: string;
}

/** The assertions on the fields of an `object` option reached through `chain`, at any depth. */
function fieldAssertions(property: Holder, chain: readonly string[], spec: OptionSpec): string[] {
  const fields = fileOptions(spec.fields ?? {});
  const inDict = `(local-name() = "entry" and local-name(..) = "dict" and ${holds('../..', chain, property)})`;
  const where = `${property.className} ${chain.join('.')}`;
  const checks = [
    assert(
      `not${inDict} or ${anyOf(
        keyOf('.'),
        fields.map(([field]) => field),
      )}`,
      `${where} has no such field; it has: ${fields.map(([field]) => field).join(', ')}`,
    ),
  ];
  for (const [field, fieldSpec] of fields) {
    checks.push(
      ...valueAssertions(`${inDict} and ${keyOf('.')} = "${field}"`, `${where}.${field}`, fieldSpec),
    );
    if (fieldSpec.kind === 'object') checks.push(...fieldAssertions(property, [...chain, field], fieldSpec));
  }
  return checks;
}

/** One built-in's pattern. */
function builtinPattern(builtin: BuiltinOptions): string {
  const property = `(local-name() = "property" or (local-name() = "constructor-arg" and @name)) and ../@class = "${builtin.name}"`;
  const known = builtin.options.flatMap(([name, spec]) =>
    spec.alias === undefined ? [name] : [name, spec.alias],
  );
  const checks = [
    assert(
      `not(${property}) or ${anyOf('@name', known)}`,
      `${builtin.name} has no such property; it has: ${builtin.options.map(([name]) => name).join(', ')}`,
    ),
  ];
  for (const [name, spec] of builtin.options) {
    const named = `${property} and (${names(name, spec)})`;
    checks.push(...valueAssertions(named, `${builtin.name} ${name}`, spec));
    if (spec.kind === 'object') {
      const holder = {
        names: spec.alias === undefined ? [name] : [name, spec.alias],
        className: builtin.name,
      };
      checks.push(...fieldAssertions(holder, [name], spec));
    }
  }
  return `  <pattern id="${builtin.name}">
    <rule context="*">
${checks.join('\n')}
    </rule>
  </pattern>`;
}

/** `config/spindle-objects.sch`. */
export function objectsSchematron(builtins: readonly BuiltinOptions[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!--
  Generated by npm run generate:schemas from the built-ins' option tables; do not edit.
  The rules XSD 1.0 cannot express: what each built-in class accepts in its properties.
  Validate with xmllint's schematron option (see docs/context-files.md, Schemas).
-->
<schema xmlns="http://purl.oclc.org/dsdl/schematron">
  <title>Spindle built-in classes</title>
${builtins.map(builtinPattern).join('\n')}
</schema>
`;
}
