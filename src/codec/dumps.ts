import { tagOf } from './ByteSink.js';
import { CodecError } from './CodecError.js';
import { writeCall, writeParams } from './encodeCall.js';
import type { EncodeOptions } from './EncodeOptions.js';
import { writeFault } from './encodeFault.js';
import { writeResponse } from './encodeResponse.js';
import { Fault } from './Fault.js';
import { ValueWriter } from './ValueWriter.js';

const PARAMS = tagOf('<params>');
const END_PARAMS = tagOf('</params>');

/** Options of {@link dumps}, named as in CPython (plus `strictSpec`, see {@link EncodeOptions}). */
export interface DumpsOptions extends EncodeOptions {
  /** Write a `<methodCall>` of this method. @default undefined */
  readonly methodName?: string;
  /** Write a `<methodResponse>`; `params` must then hold exactly one value. @default false */
  readonly methodResponse?: boolean;
  /** Allow `null` and `undefined` as nil (CPython's `allow_none`). @default false */
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
  const writer = ValueWriter.acquire(allowNone, options);
  try {
    if (options.methodName !== undefined) {
      writeCall(writer, options.methodName, params);
    } else if (options.methodResponse === true) {
      if (params.length !== 1) {
        throw new CodecError(
          'SPINDLE_CODEC_UNENCODABLE',
          `a response carries exactly one value, got ${params.length}`,
        );
      }
      writeResponse(writer, params[0]);
    } else {
      writer.tag(PARAMS);
      writeParams(writer, params);
      writer.tag(END_PARAMS);
    }
    return writer.toText();
  } finally {
    writer.release();
  }
}
