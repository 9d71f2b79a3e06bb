import type { ValueDefinition } from '../definitions/index.js';
import { didYouMean } from '../definitions/index.js';
import { checkLiteral } from './checkLiteral.js';
import type { OptionSlot } from './OptionSlot.js';
import { dynamic, mismatch, report, wanted } from './OptionSlot.js';
import type { OptionSpec } from './OptionSpec.js';
import { fileOptions } from './OptionSpec.js';

/** Field kinds that `<props>` can fill: the class gets each value as the text written, unconverted. */
const TEXT_KINDS: ReadonlySet<OptionSpec['kind']> = new Set(['string', 'pem', 'pem-list', 'any']);

/**
 * `<props>` for an option made of fields, as the dict of text literals the
 * class receives. A field that needs a number or a boolean is reported (and
 * left out): its text would reach the class unconverted, where `"false"` is
 * true.
 */
function propsAsDict(
  value: Extract<ValueDefinition, { kind: 'props' }>,
  spec: OptionSpec,
  slot: OptionSlot,
): Extract<ValueDefinition, { kind: 'dict' }> {
  const fields = Object.fromEntries(fileOptions(spec.fields ?? {}));
  const location = value.location;
  const entries = value.entries.map(({ key, value: text }) => {
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (field === undefined || TEXT_KINDS.has(field.kind)) {
      return { key, value: { kind: 'literal', value: text, location } as const };
    }
    report(
      slot,
      'SPINDLE_CONTAINER_VALUE_TYPE',
      `${slot.path}.${key} needs ${wanted(field)}; <props> gives text as written: use a <dict>`,
      location,
    );
    return { key, value: { kind: 'null', location } as const };
  });
  return { kind: 'dict', entries, location };
}

/** The fields of an `object` option: known ones checked, unknown ones reported, required ones present. */
function checkFields(
  value: Extract<ValueDefinition, { kind: 'dict' }>,
  spec: OptionSpec,
  slot: OptionSlot,
): Record<string, unknown> {
  const fields = Object.fromEntries(fileOptions(spec.fields ?? {}));
  const result: Record<string, unknown> = {};
  for (const entry of value.entries) {
    const path = `${slot.path}.${entry.key}`;
    const field = Object.hasOwn(fields, entry.key) ? fields[entry.key] : undefined;
    if (field === undefined) {
      report(
        slot,
        'SPINDLE_CONTAINER_UNKNOWN_PROPERTY',
        `${slot.path} has no field '${entry.key}'${didYouMean(entry.key, Object.keys(fields))}`,
        entry.value.location,
      );
      continue;
    }
    if (entry.value.kind === 'null' && (field.kind === 'integer' || field.kind === 'number')) {
      // The classes compare these numbers with their bounds: null is no default there.
      report(
        slot,
        'SPINDLE_CONTAINER_VALUE_TYPE',
        `${path} needs ${field.kind === 'integer' ? 'an integer' : 'a number'}, not null; leave the field out for its default`,
        entry.value.location,
      );
      continue;
    }
    result[entry.key] = checkOptionValue(entry.value, field, { ...slot, path });
  }
  for (const [name, field] of Object.entries(fields)) {
    if (field.required === true && !value.entries.some((entry) => entry.key === name)) {
      report(
        slot,
        'SPINDLE_CONTAINER_MISSING_PROPERTY',
        `${slot.path} needs the field '${name}': ${field.doc.replaceAll('`', '')}`,
        value.location,
      );
    }
  }
  return result;
}

/**
 * Checks one value written for an option against its definition, the way the
 * class would refuse it when made: a list or dict where a scalar belongs (and
 * the reverse), text where an object (`ref`) belongs, numbers out of range,
 * values outside an enum, URLs of other schemes, unreadable PEM files, unknown
 * and missing fields. Returns the value as far as it is known statically
 * (`dynamic` for refs, inner objects and values already reported).
 */
export function checkOptionValue(value: ValueDefinition, spec: OptionSpec, slot: OptionSlot): unknown {
  switch (value.kind) {
    case 'null':
      return null;
    case 'literal':
      return checkLiteral(value, spec, slot);
    case 'ref':
    case 'object':
      if (spec.kind === 'ref' || spec.kind === 'any' || spec.kind === 'members' || spec.kind === 'ref-list')
        return dynamic;
      if (spec.kind === 'map' && value.kind === 'ref') return dynamic;
      return mismatch(value, spec, slot);
    case 'list':
    case 'set': {
      const item = itemSpec(spec);
      if (item === undefined) return mismatch(value, spec, slot);
      return value.items.map((entry, index) =>
        checkOptionValue(entry, item, { ...slot, path: `${slot.path}[${String(index)}]` }),
      );
    }
    case 'dict':
      if (spec.kind === 'object') return checkFields(value, spec, slot);
      if (spec.kind === 'map' || spec.kind === 'any') {
        return Object.fromEntries(value.entries.map((entry) => [entry.key, dynamic]));
      }
      return mismatch(value, spec, slot);
    case 'props':
      if (spec.kind === 'map' || spec.kind === 'any') {
        return Object.fromEntries(value.entries.map((entry) => [entry.key, entry.value]));
      }
      if (spec.kind === 'object') return checkFields(propsAsDict(value, spec, slot), spec, slot);
      return mismatch(value, spec, slot);
  }
}

/** What each item of a list may be, or undefined when the option takes no list. */
function itemSpec(spec: OptionSpec): OptionSpec | undefined {
  switch (spec.kind) {
    case 'string-list':
      return { ...spec, kind: 'string' };
    case 'pem-list':
      return { ...spec, kind: 'pem' };
    case 'members':
      return spec;
    case 'ref-list':
      return { ...spec, kind: 'ref' };
    case 'any':
      return spec;
    case 'boolean':
    case 'integer':
    case 'map':
    case 'number':
    case 'object':
    case 'pem':
    case 'ref':
    case 'string':
      return undefined;
  }
}
