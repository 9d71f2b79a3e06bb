import type { Logger } from '../../common/Logger.js';
import type { DecodeLimits, DecodeOptions } from '../../codec/index.js';

/** Options of a `ServiceDispatcher`. */
export interface ServiceDispatcherOptions {
  /** Name used in log lines. @default "default" */
  readonly name?: string;
  /** Offer `system.multicall`. @default true */
  readonly multicall?: boolean;
  /** Most calls one `system.multicall` may carry; more is fault −32600. @default 1000 */
  readonly maxMulticallCalls?: number;
  /**
   * Offer `system.listMethods`, `system.methodSignature` and `system.methodHelp`.
   * `system.getCapabilities` stays available so a pool can learn `idempotent`.
   * @default true
   */
  readonly introspection?: boolean;
  /** Method names safe to send twice, advertised under `spindle.idempotent`. @default [] */
  readonly idempotent?: readonly string[];
  /** Time a method may take before the caller gets fault −32603; 0 disables. @default 30000 */
  readonly callTimeoutMs?: number;
  /** Limits for decoding requests. @default the codec's DEFAULT_DECODE_LIMITS */
  readonly decodeLimits?: Partial<DecodeLimits>;
  /**
   * How arguments are shaped: `dateTimes` (`'date'` or `'naive'`) and `structs`
   * (`'object'` or `'null-prototype'`); see docs/codec.md.
   * @default { dateTimes: 'date', structs: 'object' }
   */
  readonly decoding?: DecodeOptions;
  /** Where failures are logged (never with credentials). @default silentLogger */
  readonly logger?: Logger;
}
