import { CodecError } from './CodecError.js';
import { trimTrailingUndefined, writeCall } from './encodeCall.js';
import { writeFault } from './encodeFault.js';
import { writeResponse } from './encodeResponse.js';
import { Fault } from './Fault.js';
import { ValueWriter } from './ValueWriter.js';

/** Options of {@link dumps}, named as in CPython. */
export interface DumpsOptions {
  /** Write a `<methodCall>` of this method. @default undefined */
  readonly methodName?: string;
  /** Write a `<methodResponse>`; `params` must then hold exactly one value. @default false */
  readonly methodResponse?: boolean;
  /** Allow `null` as `<nil/>` (CPython's `allow_none`). @default false */
  readonly allowNone?: boolean;
}

/**
 * CPython's `xmlrpc.client.dumps`: a call when `methodName` is given, a response
 * when `methodResponse` is set, a fault response when `params` is a {@link Fault},
 * otherwise a bare `<params>` element. Returns text, not bytes.
 */
export function dumps(params: readonly unknown[] | Fault, options: DumpsOptions = {}): string {
  const allowNone = options.allowNone ?? false;
  if (params instanceof Fault) {
    if (typeof params.faultCode !== 'number') {
      throw new CodecError(
        'SPINDLE_CODEC_UNENCODABLE',
        'a fault written by Spindle needs a numeric faultCode',
      );
    }
    return writeFault(params.faultCode, params.faultString);
  }
  if (options.methodName !== undefined) return writeCall(options.methodName, params, allowNone);
  if (options.methodResponse === true) {
    if (params.length !== 1) {
      throw new CodecError(
        'SPINDLE_CODEC_UNENCODABLE',
        `a response carries exactly one value, got ${params.length}`,
      );
    }
    return writeResponse(params[0], allowNone);
  }
  const writer = new ValueWriter(allowNone);
  writer.out = '<params>';
  const sent = trimTrailingUndefined(params);
  for (let i = 0; i < sent.length; i++) {
    writer.out += '<param>';
    writer.write(sent[i], `params[${i}]`);
    writer.out += '</param>';
  }
  writer.out += '</params>';
  return writer.out;
}
