/**
 * The fault codes of the XML-RPC Fault Code Interoperability spec (v20010516)
 * that Spindle sends and understands. Applications must not use the reserved
 * range −32768..−32000 for their own faults.
 */
export const FAULT_CODES = {
  /** Parse error: the bytes are not well-formed XML. */
  NOT_WELL_FORMED: -32700,
  /** Parse error: the document's encoding is not supported. */
  UNSUPPORTED_ENCODING: -32701,
  /** Parse error: a byte or character is invalid for the encoding or for XML 1.0. */
  INVALID_CHARACTER: -32702,
  /** Server error: well-formed XML that is not a valid XML-RPC message. */
  INVALID_REQUEST: -32600,
  /** Server error: no such method. */
  METHOD_NOT_FOUND: -32601,
  /** Server error: the parameters do not fit the method. */
  INVALID_PARAMS: -32602,
  /** Server error: an internal failure, e.g. a result that cannot be serialized. */
  INTERNAL_ERROR: -32603,
  /** Server error (implementation-defined range): the caller's deadline passed before the method could start; it did not run. */
  DEADLINE_EXCEEDED: -32001,
  /** Application error that carried no code of its own. */
  APPLICATION_ERROR: -32500,
} as const;
