import { Fault } from '../../codec/index.js';
import { SpindleError } from '../../common/index.js';
// The received-fault mark is shared by the codec, the multicall reader and the
// server, and kept off the codec's public index (spindle/codec) on purpose.
// eslint-disable-next-line no-restricted-imports -- see above
import { wasReceived } from '../../codec/Fault.js';

/** The interoperability fault code of an application error without its own code. */
export const APPLICATION_ERROR = -32500;

/**
 * Absolute file paths (POSIX or Windows) and `file:` URLs: they tell a remote
 * caller how the server is laid out, so they never travel in a fault string.
 */
const FILE_PATH = /file:\/\/\S+|(?:[A-Za-z]:\\|\/)(?:[\w.@+-]+[\\/])+[\w.@+-]*/g;

/** The message of an error with file paths replaced, capped in length. */
export function safeMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'error';
  const cleaned = message.replace(FILE_PATH, '<path>');
  return cleaned.length > 1000 ? `${cleaned.slice(0, 1000)}…` : cleaned;
}

/** A fault code the wire can carry: integers stay, anything else becomes −32500. */
function wireCode(code: number | string): number {
  if (typeof code === 'number' && Number.isInteger(code)) return code;
  const parsed = typeof code === 'string' ? Number(code) : Number.NaN;
  return Number.isInteger(parsed) ? parsed : APPLICATION_ERROR;
}

/**
 * What a caller sees when a method throws or rejects: a thrown `Fault` keeps
 * its code and string, except a refusal fault (−32700…−32600, −32601,
 * −32602) the method received from another server, which becomes −32500 with
 * its string, since the method itself ran; a codec error keeps its interoperability code; anything
 * else is fault −32500 with its message only (never a stack, never a path).
 */
export function faultFromError(error: unknown): Fault {
  if (error instanceof Fault) {
    // Another server's refusal (nothing ran there) relayed by a method that did run:
    // passed on with its code, it would tell our caller that nothing ran here either.
    if (wasReceived(error) && error.outcome === 'not-executed') {
      return new Fault(APPLICATION_ERROR, error.faultString);
    }
    return error.faultCode === wireCode(error.faultCode)
      ? error
      : new Fault(wireCode(error.faultCode), error.faultString);
  }
  if (SpindleError.is(error) && 'faultCode' in error && typeof error.faultCode === 'number') {
    if ('faultString' in error && typeof error.faultString === 'string') {
      return new Fault(wireCode(error.faultCode), error.faultString); // a Fault from another copy of Spindle
    }
    return new Fault(wireCode(error.faultCode), safeMessage(error));
  }
  return new Fault(APPLICATION_ERROR, safeMessage(error));
}
