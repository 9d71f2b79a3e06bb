import type { Logger } from '../../common/index.js';
import { CodecError, encodeFault, encodeResponse, Fault } from '../../codec/index.js';
import type { EncodeOptions } from '../../codec/index.js';
import type { CallContext } from './CallContext.js';
import { EncodedResponse } from './EncodedResponse.js';
import { safeMessage } from './faultFromError.js';

const INTERNAL_ERROR = -32603;

/** What `encodeAnswer` needs of its dispatcher: one object per dispatcher, made once. */
export interface AnswerHost {
  /** The service's name, for log lines. */
  readonly name: string;
  readonly logger: Logger;
  /** The largest answer sent, in bytes (for the message of one that is larger). */
  readonly maxResponseBytes: number;
}

/**
 * The bytes of a call's answer: the encoded value, or its fault. A value that
 * cannot be sent (too large, or not representable in XML-RPC) becomes a
 * −32603 fault that says the method ran, and a warning in the server's log.
 */
export function encodeAnswer(
  host: AnswerHost,
  value: unknown,
  method: string,
  context: CallContext,
  options: EncodeOptions,
): Buffer {
  if (value instanceof Fault) return encodeFailure(host, value, method, context);
  if (value instanceof EncodedResponse) return value.bytes;
  try {
    return encodeResponse(value, options);
  } catch (error) {
    if (error instanceof CodecError && error.code === 'SPINDLE_CODEC_LIMIT_EXCEEDED') {
      host.logger.warn('result too large', { service: host.name, method, requestId: context.requestId });
      return encodeFault(
        INTERNAL_ERROR,
        `the result of ${method} was not sent: it is larger than maxResponseBytes (${host.maxResponseBytes} bytes); the method ran`,
      );
    }
    host.logger.warn('result cannot be encoded', {
      service: host.name,
      method,
      requestId: context.requestId,
      error: safeMessage(error),
    });
    return encodeFault(INTERNAL_ERROR, `cannot serialize the result of ${method}: ${safeMessage(error)}`);
  }
}

/** The bytes of a fault answer; one whose string XML cannot carry is sent with a string that says so. */
export function encodeFailure(host: AnswerHost, fault: Fault, method: string, context: CallContext): Buffer {
  const code = typeof fault.faultCode === 'number' ? fault.faultCode : -32500;
  try {
    return encodeFault(code, fault.faultString);
  } catch (error) {
    // A fault string with characters XML cannot carry: say so instead of sending nothing.
    host.logger.warn('fault cannot be encoded', {
      service: host.name,
      method,
      requestId: context.requestId,
      error: safeMessage(error),
    });
    return encodeFault(code, 'the fault string holds characters XML cannot carry');
  }
}
