import type { OptionSpec } from '../../container/OptionSpec.js';
import { fileOptions } from '../../container/OptionSpec.js';
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
    const selected = `${property} and (${names(name, spec)})`;
    checks.push(...valueAssertions(selected, `${builtin.name} ${name}`, spec));
    if (spec.kind !== 'object') continue;
    const fields = fileOptions(spec.fields ?? {});
    const key = 'normalize-space((@key | *[local-name()="key"]/*[local-name()="value"])[1])';
    const owner =
      spec.alias === undefined
        ? `../../@name = "${name}"`
        : `(../../@name = "${name}" or ../../@name = "${spec.alias}")`;
    const inDict = `(local-name() = "entry" and local-name(..) = "dict" and ${owner} and ../../../@class = "${builtin.name}")`;
    checks.push(
      assert(
        `not${inDict} or ${anyOf(
          key,
          fields.map(([field]) => field),
        )}`,
        `${builtin.name} ${name} has no such field; it has: ${fields.map(([field]) => field).join(', ')}`,
      ),
    );
    for (const [field, fieldSpec] of fields) {
      checks.push(
        ...valueAssertions(
          `${inDict} and ${key} = "${field}"`,
          `${builtin.name} ${name}.${field}`,
          fieldSpec,
        ),
      );
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
