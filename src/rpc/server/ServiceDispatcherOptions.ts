import type { Logger } from '../../common/index.js';
import type { DecodeLimits, DecodeOptions } from '../../codec/index.js';
import type { ServerInterceptor } from './ServerInterceptor.js';

/** Options of a `ServiceDispatcher`. */
export interface ServiceDispatcherOptions {
  /** Name used in log lines. @default "default" */
  readonly name?: string;
  /** Offer `system.multicall`. @default true */
  readonly multicall?: boolean;
  /** Most calls one `system.multicall` may carry; more is fault −32600. @default 1000 */
  readonly maxMulticallCalls?: number;
  /**
   * Most bytes of one response body (before gzip). A larger result is fault
   * −32603 naming the limit (the method ran); encoding stops at the limit, so
   * a huge result never costs more. A `system.multicall` counts its entries
   * together: the entry that does not fit gets that fault, the ones after it
   * are not run (each gets a fault saying so).
   * @default 16777216 (16 MiB, what a Spindle client reads by default)
   */
  readonly maxResponseBytes?: number;
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
  /**
   * Code around every method call (auth checks, tracing, metrics), composed
   * in order: the first is the outermost. Each is a function
   * `(call, next) => Promise<result>` or an object with such an `intercept`
   * method. See docs/interceptors.md.
   * @default [] (methods are called directly)
   */
  readonly interceptors?: readonly ServerInterceptor[];
}
