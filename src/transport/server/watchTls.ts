import type { Server } from 'node:http';
import type { TLSSocket } from 'node:tls';

import type { Logger } from '../../common/index.js';
import { checkSubjectFields } from './checkSubjectFields.js';
import type { ResolvedTls } from './resolveTlsOptions.js';

/** Connections whose client certificate was refused; every request on them is answered 403. */
export type RefusedClients = WeakSet<object>;

/**
 * Logs refused TLS handshakes and checks client certificates once per
 * connection, right after the handshake: no certificate, one that does not
 * chain to `ca`, or a subject that fails `verifyFields` puts the connection in
 * the returned set, and the server answers each of its requests 403 before
 * reading or dispatching it. The connection is not dropped: a drop reaches a
 * TLS 1.3 client after it has sent its request, where it cannot tell "refused"
 * from "died mid-call"; a 403 tells it nothing ran. Why is logged on the
 * server only, never told the client.
 */
export function watchTls(server: Server, tls: ResolvedTls, logger: Logger): RefusedClients {
  const refused: RefusedClients = new WeakSet();
  const handshakeLog = new HandshakeFailureLog(logger);
  server.on('tlsClientError', (error: Error, socket: TLSSocket) => {
    handshakeLog.record(socket.remoteAddress, error.message);
  });
  if (!tls.requestCert) return refused;
  // Runs before any request on the connection is parsed: data is read only after this event.
  server.on('secureConnection', (socket: TLSSocket) => {
    const reason = socket.authorized
      ? checkSubjectFields(socket.getPeerCertificate().subject, tls.requirements)
      : unauthorizedReason(socket);
    if (reason !== undefined) {
      refused.add(socket);
      logger.warn('client certificate refused', { remoteAddress: socket.remoteAddress, reason });
    }
  });
  return refused;
}

/** A refused handshake is logged at `warn` at most once per this many milliseconds; the rest go to `debug`. */
export const HANDSHAKE_WARN_INTERVAL_MS = 60_000;

/**
 * Logs refused TLS handshakes without letting a scanner or a misconfigured
 * client flood the log: every refusal at `debug`, and at `warn` the first one
 * and then at most one per {@link HANDSHAKE_WARN_INTERVAL_MS}, counting those
 * refused since the last warning.
 */
class HandshakeFailureLog {
  private lastWarnAt = Number.NEGATIVE_INFINITY;
  private sinceLastWarn = 0;

  public constructor(private readonly logger: Logger) {}

  public record(remoteAddress: string | undefined, reason: string): void {
    const now = Date.now();
    if (now - this.lastWarnAt < HANDSHAKE_WARN_INTERVAL_MS) {
      this.sinceLastWarn += 1;
      this.logger.debug('TLS handshake refused', { remoteAddress, reason });
      return;
    }
    const refusedSinceLastWarning = this.sinceLastWarn;
    this.lastWarnAt = now;
    this.sinceLastWarn = 0;
    this.logger.warn('TLS handshake refused', {
      remoteAddress,
      reason,
      ...(refusedSinceLastWarning > 0 ? { refusedSinceLastWarning } : {}),
    });
  }
}

/** Why OpenSSL did not authorize the client's certificate, in words. */
function unauthorizedReason(socket: TLSSocket): string {
  const error: unknown = socket.authorizationError;
  const code =
    error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
  return code === 'UNABLE_TO_GET_ISSUER_CERT' && Object.keys(socket.getPeerCertificate()).length === 0
    ? 'the client sent no certificate'
    : `the certificate is not trusted (${code})`;
}
