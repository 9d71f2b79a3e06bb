/**
 * `spindle/codec`: XML-RPC messages as pure functions, no I/O — encode and
 * decode calls, responses and faults, CPython-style `dumps`/`loads`, the
 * typed value wrappers and the decode limits. For code that speaks XML-RPC
 * over its own transport (a queue, a file, a test); loads nothing else.
 */
export {
  CodecError,
  decodeCall,
  decodeResponse,
  DEFAULT_DECODE_LIMITS,
  DEFAULT_DECODE_OPTIONS,
  dumps,
  encodeCall,
  encodeFault,
  encodeResponse,
  Fault,
  FAULT_CODES,
  loads,
  XmlRpcDateTime,
  XmlRpcDouble,
  XmlRpcI8,
  XmlRpcInt,
} from '../codec/index.js';
export type {
  CodecErrorCode,
  DecodedCall,
  DecodeLimits,
  DecodeOptions,
  DumpsOptions,
  EncodeOptions,
} from '../codec/index.js';
