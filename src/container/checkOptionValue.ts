import { accessSync, constants, statSync } from 'node:fs';

import type {
  LiteralValue,
  ObjectDefinition,
  SourceLocation,
  ValueDefinition,
} from '../definitions/index.js';
import { didYouMean } from '../definitions/index.js';
import { convertLiteral, ConversionFailure } from './convertLiteral.js';
import type { OptionSpec } from './OptionSpec.js';
import { fileOptions, valueTypeOf } from './OptionSpec.js';
import type { WiringProblem } from './WiringProblem.js';

/** Stands for a value only known at run time (a ref, an inner object, a value already reported). */
export const dynamic = Symbol('dynamic');

/** Where a value is checked: its owner, the option's written path, and where problems go. */
export interface OptionSlot {
  readonly owner: ObjectDefinition;
  /** The path as written, e.g. `servicePort`, `tls.key`, `members[1]`. */
  readonly path: string;
  readonly problems: WiringProblem[];
  /** Every top-level id, for "did you mean ref=…". */
  readonly ids: readonly string[];
}

function report(
  slot: OptionSlot,
  code: WiringProblem['code'],
  message: string,
  location: SourceLocation,
): void {
  slot.problems.push({ code, message, location, objectId: slot.owner.id });
}

/** How a value was written, for messages: `a list`, `a dict`, `'text'`. */
function shape(value: ValueDefinition): string {
  switch (value.kind) {
    case 'literal':
      return `'${String(value.value)}'`;
    case 'list':
    case 'set':
      return 'a list';
    case 'dict':
      return 'a dict';
    case 'props':
      return '<props> (text only)';
    case 'ref':
      return `ref '${value.id}'`;
    case 'object':
      return 'an inner object';
    case 'null':
      return 'null';
  }
}

/** What `kind` wants, for messages. */
function wanted(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'integer':
      return 'an integer';
    case 'string-list':
      return 'a list of strings';
    case 'pem':
      return 'PEM text or a file path';
    case 'pem-list':
      return 'PEM text, a file path, or a list of them';
    case 'map':
    case 'object':
      return 'a dict';
    case 'ref':
      return 'an object (a ref or an inner object)';
    case 'members':
      return 'a list of refs and URLs';
    case 'ref-list':
      return 'a list of objects (refs or inner objects)';
    case 'any':
      return 'a value';
    case 'boolean':
    case 'number':
    case 'string':
      return `a ${spec.kind}`;
  }
}

/** Reports a value of the wrong shape for `spec` (text where a dict belongs, a list where one value does). */
function mismatch(value: ValueDefinition, spec: OptionSpec, slot: OptionSlot): typeof dynamic {
  report(
    slot,
    'SPINDLE_CONTAINER_VALUE_TYPE',
    `${slot.path} needs ${wanted(spec)}, not ${shape(value)}`,
    value.location,
  );
  return dynamic;
}

/**
 * Why a literal may still hold `${…}`: a setting nobody gave (the reader
 * reports it too; `spindle check` shows it once) or a placeholder nested in
 * another's default, which does not expand (`${A:${B}}`).
 */
function placeholderHint(text: string): string {
  return text.includes('${')
    ? ' (a placeholder left as written: is a setting missing? placeholders do not nest in defaults)'
    : '';
}

function checkNumber(value: number, spec: OptionSpec, slot: OptionSlot, location: SourceLocation): void {
  const { min, max, exclusiveMax } = spec;
  const below = min !== undefined && value < min;
  const above = (max !== undefined && value > max) || (exclusiveMax !== undefined && value >= exclusiveMax);
  if (!below && !above) return;
  const range =
    max !== undefined
      ? `${String(min ?? '-∞')}..${String(max)}`
      : exclusiveMax !== undefined
        ? `>= ${String(min ?? '-∞')} and < ${String(exclusiveMax)}`
        : `>= ${String(min)}`;
  report(
    slot,
    'SPINDLE_CONTAINER_VALUE_TYPE',
    `${slot.path} must be ${range}, got ${String(value)}`,
    location,
  );
}

function checkText(text: string, spec: OptionSpec, slot: OptionSlot, location: SourceLocation): void {
  if (spec.enum !== undefined && !spec.enum.includes(text)) {
    report(
      slot,
      'SPINDLE_CONTAINER_VALUE_TYPE',
      `${slot.path} must be one of ${spec.enum.join(', ')}, got '${text}'${didYouMean(text, spec.enum)}`,
      location,
    );
  }
  if (spec.schemes !== undefined) checkUrl(text, spec.schemes, slot, location);
}

function checkUrl(
  text: string,
  schemes: readonly string[],
  slot: OptionSlot,
  location: SourceLocation,
): void {
  let protocol: string;
  try {
    protocol = new URL(text).protocol.slice(0, -1);
  } catch {
    report(
      slot,
      'SPINDLE_CONTAINER_VALUE_TYPE',
      `${slot.path}: '${text}' is not a URL${placeholderHint(text)}`,
      location,
    );
    return;
  }
  if (!schemes.includes(protocol)) {
    const list = schemes.map((scheme) => `${scheme}://`).join(', ');
    report(
      slot,
      'SPINDLE_CONTAINER_VALUE_TYPE',
      `${slot.path}: '${protocol}://' is not a scheme Spindle knows here (use ${list})${didYouMean(protocol, schemes)}`,
      location,
    );
  }
}

/** PEM text passes; otherwise the file must be readable now, as the class reads it when made. */
function checkPem(text: string, slot: OptionSlot, location: SourceLocation): void {
  if (text.includes('-----BEGIN')) return;
  try {
    accessSync(text, constants.R_OK);
    if (!statSync(text).isFile()) throw new Error('not a file');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'not a file';
    report(
      slot,
      'SPINDLE_INVALID_ARGUMENT',
      `${slot.path}: '${text}' is neither PEM text nor a readable file (${reason})`,
      location,
    );
  }
}

/** A literal converted for `spec`, its range, enum and scheme checked. */
function checkLiteral(literal: LiteralValue, spec: OptionSpec, slot: OptionSlot): unknown {
  if (spec.kind === 'ref' || spec.kind === 'ref-list') {
    const text = String(literal.value);
    const hint = slot.ids.includes(text) ? ` (did you mean ref="${text}"?)` : '';
    report(
      slot,
      'SPINDLE_CONTAINER_VALUE_TYPE',
      `${slot.path} needs an object, not the text '${text}': write ref="…" or an inner object${hint}`,
      literal.location,
    );
    return dynamic;
  }
  if (spec.kind === 'map' || spec.kind === 'object') return mismatch(literal, spec, slot);
  // A member written as text is one URL (a single value is a list of one).
  if (spec.kind === 'members') return checkLiteral(literal, { ...spec, kind: 'string' }, slot);
  const converted = convertLiteral(literal, valueTypeOf(spec));
  if (converted instanceof ConversionFailure) {
    report(
      slot,
      'SPINDLE_CONTAINER_VALUE_TYPE',
      `property '${slot.path}': ${converted.message}${placeholderHint(String(literal.value))}`,
      literal.location,
    );
    return dynamic;
  }
  if (typeof converted === 'number') checkNumber(converted, spec, slot, literal.location);
  if (typeof converted === 'string') {
    checkText(converted, spec, slot, literal.location);
    if (spec.kind === 'pem' || spec.kind === 'pem-list') checkPem(converted, slot, literal.location);
  }
  if (Array.isArray(converted)) {
    for (const item of converted) if (typeof item === 'string') checkText(item, spec, slot, literal.location);
  }
  return converted;
}

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
