import { contextCommandOption, contextFileOption } from './contextRelativePath.js';
import type { LiteralValue } from '../definitions/index.js';
import type { ValueType } from './ValueType.js';
import { describeValueType } from './ValueType.js';

/** Why a literal could not be converted; the caller adds the object and location. */
export class ConversionFailure {
  public constructor(public readonly message: string) {}
}

function toBoolean(value: string | number | boolean): boolean | ConversionFailure {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  return new ConversionFailure(`'${String(value)}' is not a boolean (write true or false)`);
}

function toNumber(value: string | number | boolean, integer: boolean): number | ConversionFailure {
  const kind = integer ? 'an integer' : 'a number';
  if (typeof value === 'boolean') return new ConversionFailure(`${String(value)} is not ${kind}`);
  const text = String(value).trim();
  // Number('') is 0 and Number('0x10') is 16: accept plain decimal only.
  if (typeof value === 'string' && !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    return new ConversionFailure(`'${value}' is not ${kind}`);
  }
  const number = Number(text);
  if (!Number.isFinite(number) || (integer && !Number.isInteger(number))) {
    return new ConversionFailure(`'${String(value)}' is not ${kind}`);
  }
  return number;
}

/**
 * Converts a literal to what its target expects. An explicit `type` on the
 * literal wins; otherwise the target's type decides; with neither (a user
 * class without a descriptor) the value is kept as written: XML text stays a
 * string, a YAML scalar keeps its own type.
 */
export function convertLiteral(literal: LiteralValue, target: ValueType | undefined): unknown {
  const { value } = literal;
  switch (literal.type) {
    case 'string':
      return String(value);
    case 'int':
      return toNumber(value, true);
    case 'double':
      return toNumber(value, false);
    case 'boolean':
      return toBoolean(value);
    case undefined:
      break;
  }
  if (target === undefined || target === 'any') return value;
  if (typeof target === 'object') {
    return new ConversionFailure(`'${String(value)}' is not ${describeValueType(target)}`);
  }
  switch (target) {
    case 'string':
      return String(value);
    case 'file':
      return contextFileOption(String(value), literal.location.file);
    case 'command':
      return contextCommandOption(String(value), literal.location.file);
    case 'integer':
      return toNumber(value, true);
    case 'number':
      return toNumber(value, false);
    case 'boolean':
      return toBoolean(value);
    case 'string-list':
      // `methods="add, echo"` reads as a list, as Spring's comma-delimited lists do.
      return String(value)
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
  }
}
