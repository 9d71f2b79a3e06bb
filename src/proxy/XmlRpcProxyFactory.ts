import { SpindleError } from '../common/index.js';
import type { Logger } from '../common/index.js';
import type { DecodeLimits, DecodeOptions } from '../codec/index.js';
import type { ClientTlsOptions } from '../transport/client/index.js';
import type { SshOptions } from '../transport/index.js';
import { createProxy, invokerOf } from './createProxy.js';
import type { FaultMap, TransportErrorClass } from './faultMapping.js';
import type { Remote } from './Remote.js';
import type { ClientInterceptor } from '../rpc/index.js';

/** Options of {@link XmlRpcProxyFactory} (DESIGN §3); context files set them as properties. */
export interface XmlRpcProxyFactoryOptions {
  /** The service URL: `http://`, `https://` (or a registered scheme); basic auth may sit in the userinfo. */
  readonly serviceUrl: string;
  /** Time allowed for each call, in milliseconds. @default 30000 */
  readonly timeoutMs?: number;
  /** TLS settings: `ca`, `key`, `cert` (PEM text or file paths), `insecure`. @default verify against Node's root CAs */
  readonly tls?: ClientTlsOptions;
  /** Basic-auth user name, instead of the URL's userinfo. @default from the URL */
  readonly username?: string;
  /** Basic-auth password, instead of the URL's userinfo. @default from the URL */
  readonly password?: string;
  /** Extra HTTP headers sent with every call. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Fault code (digits) or fault-string prefix (any other key; `''` matches
   * every fault) → error class thrown instead of the `Fault`; an unmapped
   * fault stays a `Fault`. @default none
   */
  readonly faults?: FaultMap;
  /**
   * The class transport failures are thrown as (e.g. a `CommunicationError`),
   * with the `TransportError` as `cause`, so `error.cause.outcome` still tells
   * `not-executed` from `unknown`. @default none (the `TransportError` itself)
   */
  readonly transportErrorClass?: TransportErrorClass;
  /**
   * Method names that are safe to run twice; a pool built over this proxy may
   * retry them after an `unknown` outcome. Kept here for the pool to read.
   * @default []
   */
  readonly idempotent?: readonly string[];
  /**
   * An HTTP proxy (`http://[user:pass@]host:port`): `http:` calls go through it
   * with the absolute URL, `https:` calls through a CONNECT tunnel. @default none
   */
  readonly proxy?: string;
  /** Largest response accepted, after gzip inflation, in bytes. @default 16 MiB */
  readonly maxResponseBytes?: number;
  /** Limits applied when decoding responses. @default the codec's defaults */
  readonly decodeLimits?: Partial<DecodeLimits>;
  /**
   * How results are shaped: `dateTimes` (`'date'`: a `Date`, a zone-less text
   * read as UTC; `'naive'`: an `XmlRpcDateTime`) and `structs` (`'object'`:
   * plain objects; `'null-prototype'`). See docs/codec.md.
   * @default { dateTimes: 'date', structs: 'object' }
   */
  readonly decoding?: DecodeOptions;
  /** Where warnings go (e.g. `tls.insecure`). @default silent */
  readonly logger?: Logger;
  /** Settings of the ssh client for `ssh://` URLs (key, known hosts, host key checking). @default {} */
  readonly ssh?: SshOptions;
  /**
   * Code around every call of the proxy (tracing, metrics, metadata),
   * composed in order, the first outermost: objects with an
   * `intercept(call, next)` method, or functions. See docs/interceptors.md.
   * @default []
   */
  readonly interceptors?: readonly ClientInterceptor[];
}

/**
 * Spring Python's `XMLRPCProxyFactory`: the context object whose product is a
 * proxy of a remote service. `getObject()` returns the proxy (what the
 * context hands out under the object's id); `close()` releases its sockets.
 *
 * @example
 * const factory = new XmlRpcProxyFactory({ serviceUrl: 'http://127.0.0.1:7000/ServiceName', timeoutMs: 5000 });
 * const service = factory.getObject<Service>();
 * await service.getData('Hello');
 * await factory.close();
 */
export class XmlRpcProxyFactory {
  /** The method names declared idempotent. */
  public readonly idempotent: ReadonlySet<string>;
  private readonly proxy: object;

  public constructor(options: XmlRpcProxyFactoryOptions) {
    if (typeof options.serviceUrl !== 'string' || options.serviceUrl === '') {
      throw new SpindleError('SPINDLE_INVALID_ARGUMENT', 'XmlRpcProxyFactory: serviceUrl is required');
    }
    const { serviceUrl, idempotent, ...clientOptions } = options;
    this.idempotent = new Set(idempotent ?? []);
    this.proxy = createProxy(serviceUrl, clientOptions);
  }

  /** The proxy: an object whose methods are the remote methods, each returning a Promise. */
  public getObject<T extends object = Record<string, never>>(): Remote<T> {
    return this.proxy as Remote<T>;
  }

  /** Releases the proxy's connections; safe to call twice. */
  public async close(): Promise<void> {
    await invokerOf(this.proxy).close();
  }
}
