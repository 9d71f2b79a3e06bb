import { accessSync, constants, statSync } from 'node:fs';

import type { LiteralValue, SourceLocation } from '../definitions/index.js';
import { didYouMean } from '../definitions/index.js';
import { convertLiteral, ConversionFailure } from './convertLiteral.js';
import type { OptionSlot } from './OptionSlot.js';
import { dynamic, mismatch, report } from './OptionSlot.js';
import type { OptionSpec } from './OptionSpec.js';
import { valueTypeOf } from './OptionSpec.js';

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
export function checkLiteral(literal: LiteralValue, spec: OptionSpec, slot: OptionSlot): unknown {
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
