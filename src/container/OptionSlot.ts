import type { ObjectDefinition, SourceLocation, ValueDefinition } from '../definitions/index.js';
import type { OptionSpec } from './OptionSpec.js';
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

/** Adds a problem of the slot's owner to the slot's list. */
export function report(
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
export function wanted(spec: OptionSpec): string {
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
export function mismatch(value: ValueDefinition, spec: OptionSpec, slot: OptionSlot): typeof dynamic {
  report(
    slot,
    'SPINDLE_CONTAINER_VALUE_TYPE',
    `${slot.path} needs ${wanted(spec)}, not ${shape(value)}`,
    value.location,
  );
  return dynamic;
}
