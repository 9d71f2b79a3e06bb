import type { Etcd3 } from 'etcd3';

/** TLS towards etcd itself (etcd's `--trusted-ca-file`, client certificates). */
export interface EtcdTlsOptions {
  /** CA certificate(s) that signed etcd's server certificate: PEM text or a file path. */
  readonly ca: string;
  /** Client certificate for etcd's `--client-cert-auth`: PEM text or a file path. @default none */
  readonly cert?: string;
  /** Private key of `cert`: PEM text or a file path. @default none */
  readonly key?: string;
}

/** etcd user and password (etcd's role-based access control). */
export interface EtcdAuthOptions {
  readonly username: string;
  readonly password: string;
}

/** How a discovery or a registration reaches etcd. */
export interface EtcdConnectionOptions {
  /** etcd client URLs, e.g. `http://127.0.0.1:2379`; a comma-separated string is accepted. @default ['http://127.0.0.1:2379'] */
  readonly endpoints?: string | readonly string[];
  /** Root of every key Spindle writes: `<prefix>/<serviceName>/<id>`. @default '/spindle/services' */
  readonly prefix?: string;
  /** TLS towards etcd; needed for `https://` endpoints with a private CA. @default none (plain gRPC for `http://`) */
  readonly tls?: EtcdTlsOptions;
  /** etcd user and password, so only trusted writers can touch the prefix. @default none */
  readonly auth?: EtcdAuthOptions;
  /** Time allowed for one etcd request (not for watches and keep-alives), in milliseconds. @default 5000 */
  readonly requestTimeoutMs?: number;
  /** Time an endpoint is skipped after 3 failures in a row, in milliseconds (etcd3's default is 5000). @default 1000 */
  readonly endpointRetryMs?: number;
  /** Longest wait between two reconnections of a cut watch, in milliseconds (etcd3's default is 30000). @default 2000 */
  readonly maxReconnectDelayMs?: number;
  /** An etcd3 client to use instead of making one; it is not closed by Spindle. @default a client of its own */
  readonly client?: Etcd3;
}

/** The default key prefix. */
export const DEFAULT_PREFIX = '/spindle/services';

/** The directory of one service's registrations: `<prefix>/<serviceName>/`. */
export function serviceDirectory(prefix: string | undefined, serviceName: string): string {
  const root = (prefix ?? DEFAULT_PREFIX).replace(/\/+$/, '');
  return `${root}/${serviceName.replace(/^\/+|\/+$/g, '')}/`;
}
