import type { ConnectionOptions } from 'node:tls';

import type { Logger } from '../../common/index.js';
import { silentLogger } from '../../common/index.js';
import type { PemSource } from './tlsMaterial.js';
import { loadPem } from './tlsMaterial.js';

/** TLS settings of a client (Spring Python's `SSLClient` arguments). */
export interface ClientTlsOptions {
  /** CA certificate(s) to trust instead of Node's bundle: PEM text or a file path. @default Node's root CAs */
  readonly ca?: PemSource | readonly PemSource[];
  /** Client private key (PEM text or file path), presented with `cert`. @default none */
  readonly key?: PemSource;
  /** Client certificate (PEM text or file path), for servers that require one. @default none */
  readonly cert?: PemSource;
  /** Passphrase of `key`. @default none */
  readonly passphrase?: string;
  /**
   * Skip verifying the server's chain and host name. Only for tests against a
   * self-signed server; a warning is logged when a client is built with it.
   * @default false
   */
  readonly insecure?: boolean;
}

/**
 * The `tls.connect` options for `tls`, PEM files read once, now (so a wrong
 * path fails when the client is built); logs the warning for `insecure`.
 */
export function tlsConnectOptions(
  tls: ClientTlsOptions,
  logger: Logger | undefined,
  description: string,
): ConnectionOptions {
  const options: ConnectionOptions = {};
  if (tls.ca !== undefined) {
    const sources: readonly PemSource[] = Array.isArray(tls.ca) ? tls.ca : [tls.ca as PemSource];
    options.ca = sources.map((source) => loadPem(source, 'ca'));
  }
  if (tls.key !== undefined) options.key = loadPem(tls.key, 'key');
  if (tls.cert !== undefined) options.cert = loadPem(tls.cert, 'cert');
  if (tls.passphrase !== undefined) options.passphrase = tls.passphrase;
  if (tls.insecure === true) {
    (logger ?? silentLogger).warn(
      'TLS verification is off (tls.insecure: true): the server certificate and host name are not checked',
      { url: description },
    );
    options.rejectUnauthorized = false;
    options.checkServerIdentity = () => undefined;
  }
  return options;
}
