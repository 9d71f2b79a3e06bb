import type { Logger } from '../common/index.js';
import type {
  AutowireMode,
  ContextProblem,
  ContextProblemCode,
  LiteralType,
  LiteralValue,
  Scope,
  SourceLocation,
  ValueDefinition,
} from '../definitions/index.js';
import { AUTOWIRE_VALUES, didYouMean } from '../definitions/index.js';

import { expandPlaceholders } from './placeholders.js';
import { profileMatches } from './profileMatches.js';

const literalTypes: readonly LiteralType[] = ['string', 'int', 'double', 'boolean'];
const scopes: readonly Scope[] = ['singleton', 'prototype'];

/**
 * What both readers share while reading: the problem list, placeholder
 * expansion, active profiles and the conversions of typed text (scope,
 * booleans, index, `type="int"`), so that XML and YAML agree to the letter.
 */
export class ReaderSession {
  /** Every problem found so far, in every file. */
  public readonly problems: ContextProblem[] = [];
  /** Depth of inactive profile sections being read: their missing placeholders are not problems. */
  private inactiveDepth = 0;
  private sections = 0;

  public constructor(
    private readonly activeProfiles: ReadonlySet<string>,
    private readonly lookup: (name: string) => string | undefined,
    public readonly logger: Logger,
  ) {}

  /** True while reading a profile section that is not active. */
  public get inactive(): boolean {
    return this.inactiveDepth > 0;
  }

  /** A fresh number for a group of objects, so duplicates are told apart from overrides. */
  public nextSection(): number {
    this.sections += 1;
    return this.sections;
  }

  /** Runs `read` with the section marked (in)active per `expression`; returns whether it was active. */
  public withProfile(expression: string, read: () => void): boolean {
    const active = profileMatches(expression, this.activeProfiles);
    if (!active) this.inactiveDepth += 1;
    try {
      read();
    } finally {
      if (!active) this.inactiveDepth -= 1;
    }
    return active;
  }

  public problem(
    code: ContextProblemCode,
    message: string,
    location: SourceLocation,
    objectId?: string,
  ): void {
    this.problems.push({ code, message, location, ...(objectId === undefined ? {} : { objectId }) });
  }

  /** `unknown <what> 'name' (did you mean …?)`. */
  public unknown(
    what: 'element' | 'attribute' | 'key',
    name: string,
    known: readonly string[],
    location: SourceLocation,
    objectId?: string,
    where = '',
  ): void {
    const code = what === 'element' ? 'unknown-element' : 'unknown-attribute';
    this.problem(code, `unknown ${what} '${name}'${where}${didYouMean(name, known)}`, location, objectId);
  }

  /** The text with `${NAME}` / `${NAME:default}` expanded; a missing name is a problem. */
  public text(raw: string, location: SourceLocation, objectId?: string): string {
    const { text, missing } = expandPlaceholders(raw, this.lookup);
    if (!this.inactive) {
      for (const name of missing) {
        this.problem(
          'missing-placeholder',
          `placeholder '\${${name}}' has no value and no default`,
          location,
          objectId,
        );
      }
    }
    return text;
  }

  public scope(raw: string, location: SourceLocation, objectId?: string): Scope {
    const scope = scopes.find((s) => s === raw);
    if (scope !== undefined) return scope;
    this.problem(
      'invalid-value',
      `scope must be 'singleton' or 'prototype', not '${raw}'`,
      location,
      objectId,
    );
    return 'singleton';
  }

  /** An `autowire` / `default-autowire` value: a mode, `no`, or undefined for `default` (the group's). */
  public autowire(raw: string, location: SourceLocation, objectId?: string): AutowireMode | 'no' | undefined {
    const value = AUTOWIRE_VALUES.find((v) => v === raw);
    if (value === undefined) {
      this.problem(
        'invalid-value',
        `autowire must be one of ${AUTOWIRE_VALUES.join(', ')}, not '${raw}'${didYouMean(raw, AUTOWIRE_VALUES)}`,
        location,
        objectId,
      );
      return undefined;
    }
    return value === 'default' ? undefined : value;
  }

  /** `true`/`false` in any case (Spring Python wrote `True`); anything else is a problem. */
  public boolean(raw: string | boolean, name: string, location: SourceLocation, objectId?: string): boolean {
    if (typeof raw === 'boolean') return raw;
    const lower = raw.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    this.problem('invalid-value', `${name} must be true or false, not '${raw}'`, location, objectId);
    return false;
  }

  public index(raw: string | number, location: SourceLocation, objectId?: string): number | undefined {
    const text = String(raw).trim();
    if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
    this.problem(
      'invalid-value',
      `index must be a whole number from 0, not '${String(raw)}'`,
      location,
      objectId,
    );
    return undefined;
  }

  /** A literal of the given `type` (converted now, so a bad number is reported where it is written), or untyped text. */
  public literal(
    raw: string,
    type: string | undefined,
    location: SourceLocation,
    objectId?: string,
  ): ValueDefinition {
    if (type === undefined) return { kind: 'literal', value: raw, location };
    const literalType = literalTypes.find((t) => t === type);
    if (literalType === undefined) {
      this.problem(
        'invalid-value',
        `type must be one of ${literalTypes.join(', ')}, not '${type}'${didYouMean(type, literalTypes)}`,
        location,
        objectId,
      );
      return { kind: 'literal', value: raw, location };
    }
    return this.typed(raw, literalType, location, objectId);
  }

  private typed(raw: string, type: LiteralType, location: SourceLocation, objectId?: string): LiteralValue {
    const text = raw.trim();
    const bad = (what: string): LiteralValue => {
      this.problem('invalid-value', `'${raw}' is not ${what}`, location, objectId);
      return { kind: 'literal', value: raw, type, location };
    };
    switch (type) {
      case 'string':
        return { kind: 'literal', value: raw, type, location };
      case 'int':
        return /^[+-]?\d+$/.test(text) && Number.isSafeInteger(Number(text))
          ? { kind: 'literal', value: Number(text), type, location }
          : bad('an int');
      case 'double':
        return text !== '' && Number.isFinite(Number(text))
          ? { kind: 'literal', value: Number(text), type, location }
          : bad('a double');
      case 'boolean':
        return text.toLowerCase() === 'true' || text.toLowerCase() === 'false'
          ? { kind: 'literal', value: text.toLowerCase() === 'true', type, location }
          : bad('a boolean (true or false)');
    }
  }
}

/** `a, b c;d` → `['a', 'b', 'c', 'd']`: Spring's separators for `depends-on`. */
export function splitIds(raw: string): string[] {
  return raw.split(/[\s,;]+/).filter((id) => id !== '');
}
