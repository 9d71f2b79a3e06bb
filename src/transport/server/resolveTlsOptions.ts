import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SecureVersion, TlsOptions } from 'node:tls';

import { SpindleError } from '../../common/index.js';
import { subjectRequirements } from './checkSubjectFields.js';
import type { SubjectRequirements } from './checkSubjectFields.js';

/** PEM text, or the path of a PEM file. */
export type PemSource = string | Buffer;

/** TLS of an exporter or server (Spring Python's SSLServer, in Node terms). */
export interface TlsServerOptions {
  /** The server's private key: PEM text or a file path. */
  readonly key: PemSource;
  /** The server's certificate (chain): PEM text or a file path. */
  readonly cert: PemSource;
  /** The CAs client certificates must chain to: PEM text, a file path, or a list. @default undefined */
  readonly ca?: PemSource | readonly PemSource[];
  /** Passphrase of an encrypted key. @default undefined */
  readonly passphrase?: string;
  /**
   * Require a client certificate signed by `ca`. A client without one, or with
   * one that does not chain to `ca`, gets HTTP 403 on every request of its
   * connection, before any is dispatched.
   * @default false (true when `verifyFields` is set)
   */
  readonly requestCert?: boolean;
  /**
   * Subject fields the client certificate must carry, by long name
   * (`commonName`, `organizationName`, `stateOrProvinceName`, …), each present
   * once with exactly this value. A client that fails gets HTTP 403 on every
   * request of its connection, before any is dispatched (so it learns that
   * nothing ran); the reason is logged on the server only.
   * @default undefined
   */
  readonly verifyFields?: Readonly<Record<string, string>>;
  /** Oldest protocol accepted. @default "TLSv1.2" */
  readonly minVersion?: SecureVersion;
}

/** TLS options read and checked once, ready for `https.createServer`. */
export interface ResolvedTls {
  readonly options: TlsOptions;
  /** Whether clients must present a certificate that chains to `ca`. */
  readonly requestCert: boolean;
  readonly requirements: SubjectRequirements;
  /** Equal for two configurations that would build the same server; compares shared ports. */
  readonly fingerprint: string;
}

function readPem(source: PemSource, what: string): Buffer {
  if (Buffer.isBuffer(source)) return source;
  if (typeof source !== 'string' || source.length === 0) {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `tls.${what} must be PEM text or a file path`);
  }
  if (source.includes('-----BEGIN')) return Buffer.from(source, 'utf8');
  try {
    return readFileSync(source);
  } catch (error) {
    throw new SpindleError('SPINDLE_INVALID_ARGUMENT', `tls.${what}: cannot read '${source}'`, {
      cause: error,
    });
  }
}

/** Reads key, certificate and CAs (PEM text or files) and checks the combination. */
export function resolveTlsOptions(tls: TlsServerOptions): ResolvedTls {
  const requirements = tls.verifyFields === undefined ? [] : subjectRequirements(tls.verifyFields);
  const requestCert = (tls.requestCert ?? false) || requirements.length > 0;
  const key = readPem(tls.key, 'key');
  const cert = readPem(tls.cert, 'cert');
  const ca =
    tls.ca === undefined
      ? undefined
      : (Array.isArray(tls.ca) ? (tls.ca as readonly PemSource[]) : [tls.ca as PemSource]).map((c) =>
          readPem(c, 'ca'),
        );
  if (requestCert && ca === undefined) {
    throw new SpindleError(
      'SPINDLE_INVALID_ARGUMENT',
      'tls.requestCert needs tls.ca: the CAs client certificates chain to',
    );
  }
  const minVersion = tls.minVersion ?? 'TLSv1.2';
  const options: TlsOptions = {
    key,
    cert,
    minVersion,
    requestCert,
    // Refused clients finish the handshake and get 403 (watchTls): a handshake
    // alert under TLS 1.3 reaches a client after it sent its request, as
    // "outcome unknown", although nothing ran.
    rejectUnauthorized: false,
    ...(ca === undefined ? {} : { ca }),
    ...(tls.passphrase === undefined ? {} : { passphrase: tls.passphrase }),
  };
  const hash = createHash('sha256');
  for (const part of [key, cert, ...(ca ?? [])]) hash.update(part).update('\0');
  hash.update(JSON.stringify([requestCert, minVersion, requirements]));
  return { options, requestCert, requirements, fingerprint: hash.digest('hex') };
}
