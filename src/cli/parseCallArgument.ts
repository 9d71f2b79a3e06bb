import { SpindleError } from '../common/index.js';
import { XmlRpcDateTime, XmlRpcDouble, XmlRpcI8, XmlRpcInt } from '../codec/index.js';

/**
 * Reads one `spindle call` argument: a typed form, or JSON.
 *
 * Typed forms: `int:5` (also `i4:`), `i8:9007199254740993`, `double:2`,
 * `bool:true`, `string:any text`, `base64:aGk=`, `date:2026-01-02T03:04:05`
 * (naive, kept as written; with `Z` or an offset it is an instant), `nil`.
 * Anything else must be JSON (`'"text"'`, `42`, `'{"a":1}'`); inside JSON the
 * objects `{"$base64": "…"}`, `{"$i8": "…"}`, `{"$dateTime": "…"}`,
 * `{"$int": n}` and `{"$double": n}` stand for those types, the same forms
 * the command prints.
 *
 * @throws SpindleError `SPINDLE_INVALID_ARGUMENT` naming the argument.
 */
export function parseCallArgument(text: string, position: number): unknown {
  const where = `argument ${position}`;
  if (text === 'nil') return null;
  const colon = text.indexOf(':');
  if (colon > 0) {
    const kind = text.slice(0, colon);
    const rest = text.slice(colon + 1);
    const typed = typedForm(kind, rest, where);
    if (typed !== NOT_TYPED) return typed;
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      `${where} is neither JSON nor a typed form: ${JSON.stringify(text)} (quote text as '"${text}"' or write string:${text})`,
    );
  }
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `${where}: ${text} is beyond 2^53; write i8:${text}`);
  }
  return fromJson(value, where);
}

const NOT_TYPED = Symbol('not a typed form');

function typedForm(kind: string, rest: string, where: string): unknown {
  const fail = (why: string): never => {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `${where}: ${kind}:${rest} ${why}`);
  };
  const integer = /^[+-]?\d+$/;
  switch (kind) {
    case 'int':
    case 'i4':
      if (!integer.test(rest)) fail('is not an integer');
      return wrap(() => new XmlRpcInt(Number(rest)), fail);
    case 'i8':
      if (!integer.test(rest)) fail('is not an integer');
      return wrap(() => new XmlRpcI8(BigInt(rest)), fail);
    case 'double':
      if (rest.trim() === '' || !Number.isFinite(Number(rest))) fail('is not a finite number');
      return wrap(() => new XmlRpcDouble(Number(rest)), fail);
    case 'bool':
    case 'boolean':
      if (rest === 'true' || rest === '1') return true;
      if (rest === 'false' || rest === '0') return false;
      return fail('is not true/false/1/0');
    case 'string':
      return rest;
    case 'base64':
      if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(rest)) fail('is not base64');
      return Buffer.from(rest, 'base64');
    case 'date':
    case 'dateTime':
      return parseDate(rest, fail);
    default:
      return NOT_TYPED;
  }
}

function wrap(build: () => unknown, fail: (why: string) => never): unknown {
  try {
    return build();
  } catch (error) {
    return fail(error instanceof Error ? `is out of range (${error.message})` : 'is out of range');
  }
}

/** A zone makes an instant (`Date`); no zone stays a naive date-time, never the local zone. */
function parseDate(text: string, fail: (why: string) => never): unknown {
  if (/(Z|[+-]\d\d:?\d\d)$/i.test(text)) {
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? fail('is not a date-time') : date;
  }
  return wrap(() => new XmlRpcDateTime(text), fail);
}

/** Converts the `$`-forms inside parsed JSON into wire types; everything else stays. */
function fromJson(value: unknown, where: string): unknown {
  if (Array.isArray(value)) return value.map((item) => fromJson(item, where));
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  const [onlyKey] = keys;
  if (keys.length === 1 && onlyKey !== undefined && onlyKey.startsWith('$')) {
    const inner = record[onlyKey];
    const kind = onlyKey.slice(1);
    if (['base64', 'i8', 'dateTime', 'int', 'double'].includes(kind)) {
      const typed = typedForm(kind === 'dateTime' ? 'date' : kind, String(inner), where);
      if (typed !== NOT_TYPED) return typed;
    }
  }
  const struct: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of keys) struct[key] = fromJson(record[key], where);
  return struct;
}
