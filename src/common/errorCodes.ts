/**
 * The catalogue of every error code Spindle throws, one entry per code with the
 * sentence `docs/errors.md` shows for it. Match on `error.code`, never on the
 * message: codes are stable across releases, messages are not.
 *
 * A test (`test/common/errorCodes.spec.ts`) fails when this list, the docs page
 * and the codes actually thrown drift apart. Retired codes must not be reused.
 */
export const ERROR_CODES = {
  // common
  SPINDLE_INVALID_ARGUMENT: 'An option or argument given to a Spindle API is invalid; the message names it.',
  SPINDLE_CLOSED: 'The object was used after close() was called.',

  // codec
  SPINDLE_CODEC_NOT_WELL_FORMED: 'The bytes are not well-formed XML (fault −32700).',
  SPINDLE_CODEC_UNSUPPORTED_ENCODING: 'The document declares an encoding other than UTF-8 (fault −32701).',
  SPINDLE_CODEC_INVALID_CHARACTER:
    'The document holds bytes that are not valid UTF-8 or characters XML 1.0 forbids (fault −32702).',
  SPINDLE_CODEC_INVALID_REQUEST:
    'Well-formed XML that is not a valid XML-RPC message: wrong structure, bad scalar, or a DOCTYPE (fault −32600).',
  SPINDLE_CODEC_LIMIT_EXCEEDED:
    'The message is deeper, wider, longer or bigger than a configured decode limit (fault −32600).',
  SPINDLE_CODEC_UNENCODABLE:
    'A value cannot be written as XML-RPC (undefined, NaN, a function, a forbidden character); the message names its path.',

  // faults
  SPINDLE_FAULT: 'The remote service answered with an XML-RPC fault; see faultCode and faultString.',
} as const;

/** Every error code Spindle may put in `SpindleError.code`. */
export type SpindleErrorCode = keyof typeof ERROR_CODES;
