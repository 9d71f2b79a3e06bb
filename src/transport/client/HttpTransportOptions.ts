import type { Logger } from '../../common/Logger.js';
import type { ClientTlsOptions } from './tlsConnectOptions.js';

/** Options of the HTTP(S) transport. */
export interface HttpTransportOptions {
  /** TLS settings for `https:` URLs. @default verify against Node's root CAs */
  readonly tls?: ClientTlsOptions;
  /** Basic-auth user name; the URL's userinfo is used when absent. @default from the URL */
  readonly username?: string;
  /** Basic-auth password; the URL's userinfo is used when absent. @default from the URL */
  readonly password?: string;
  /** Extra request headers sent with every call. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * An HTTP proxy to send calls through, as `http://[user:pass@]host:port`.
   * `http:` calls go to it with the absolute URL in the request line (CPython's
   * `ProxiedTransport`); `https:` calls open a `CONNECT` tunnel through it and
   * run TLS, verified as on a direct connection, inside the tunnel.
   * @default none (direct connection)
   */
  readonly proxy?: string;
  /** Largest response body accepted, after gzip inflation, in bytes. @default 16 MiB */
  readonly maxResponseBytes?: number;
  /** Most sockets kept open to the server at once; further calls wait for a free one. @default 256 */
  readonly maxSockets?: number;
  /** Where the insecure-TLS warning goes. @default silent */
  readonly logger?: Logger;
}

/** Per-exchange options. */
export interface ExchangeOptions {
  /** Time allowed for the whole exchange (waiting for a connection included), in milliseconds. */
  readonly timeoutMs: number;
  /** Ends the exchange when aborted. @default none */
  readonly signal?: AbortSignal | undefined;
  /** Sent as `X-Request-Id`. */
  readonly requestId: string;
  /** Sent as request headers, one per entry (see `metadataHeaders`). @default none */
  readonly metadata?: Readonly<Record<string, string>> | undefined;
  /**
   * The request is safe to run twice. Only then is it sent again, once, on a
   * fresh connection when a reused keep-alive connection fails before any
   * response byte: that cannot tell "closed while idle" from "died running it".
   * @default false
   */
  readonly idempotent?: boolean | undefined;
}
