/**
 * Bounds a decoder enforces so that a hostile message costs little. Each limit
 * exceeded gives a `CodecError` with code `SPINDLE_CODEC_LIMIT_EXCEEDED`
 * (fault −32600) naming the limit.
 */
export interface DecodeLimits {
  /** Deepest nesting of arrays and structs inside one value. @default 64 */
  readonly maxDepth: number;
  /** Most elements (start tags) in one message. @default 1_000_000 */
  readonly maxElements: number;
  /** Largest message in bytes (UTF-8). @default 16 MiB */
  readonly maxBytes: number;
  /** Longest string, struct member name or base64 text, in characters. @default 8 Mi (8,388,608) */
  readonly maxStringLength: number;
  /** Longest method name, in characters. @default 256 */
  readonly maxMethodNameLength: number;
}

/** The limits a decoder applies unless told otherwise. */
export const DEFAULT_DECODE_LIMITS: DecodeLimits = Object.freeze({
  maxDepth: 64,
  maxElements: 1_000_000,
  maxBytes: 16 * 1024 * 1024,
  maxStringLength: 8 * 1024 * 1024,
  maxMethodNameLength: 256,
});

/** The defaults overlaid with what the caller gave. */
export function resolveLimits(limits: Partial<DecodeLimits> | undefined): DecodeLimits {
  if (limits === undefined) return DEFAULT_DECODE_LIMITS;
  return { ...DEFAULT_DECODE_LIMITS, ...limits };
}
