/**
 * The XML-RPC codec: pure functions, no I/O. Writes strictly, reads leniently,
 * refuses hostile input precisely (see docs/errors.md for the codes).
 */
export { CodecError } from './CodecError.js';
export type { CodecErrorCode } from './CodecError.js';
export { decodeCall } from './decodeCall.js';
export type { DecodedCall } from './decodeCall.js';
export { DEFAULT_DECODE_LIMITS } from './DecodeLimits.js';
export type { DecodeLimits } from './DecodeLimits.js';
export { DEFAULT_DECODE_OPTIONS, resolveDecodeOptions } from './DecodeOptions.js';
export type { DecodeOptions, ResolvedDecodeOptions } from './DecodeOptions.js';
export { decodeResponse } from './decodeResponse.js';
export { dumps } from './dumps.js';
export type { DumpsOptions } from './dumps.js';
export { encodeCall } from './encodeCall.js';
export type { EncodeOptions } from './EncodeOptions.js';
export { encodeFault } from './encodeFault.js';
export { encodeResponse } from './encodeResponse.js';
export { Fault } from './Fault.js';
export { FAULT_CODES } from './faultCodes.js';
export { loads } from './loads.js';
export { XmlRpcDateTime } from './XmlRpcDateTime.js';
export { XmlRpcDouble } from './XmlRpcDouble.js';
export { XmlRpcI8 } from './XmlRpcI8.js';
export { XmlRpcInt } from './XmlRpcInt.js';
