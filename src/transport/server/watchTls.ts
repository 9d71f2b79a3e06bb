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
  server.on('tlsClientError', (error: Error, socket: TLSSocket) => {
    logger.warn('TLS handshake refused', {
      remoteAddress: socket.remoteAddress,
      reason: error.message,
    });
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

/** Why OpenSSL did not authorize the client's certificate, in words. */
function unauthorizedReason(socket: TLSSocket): string {
  const error: unknown = socket.authorizationError;
  const code =
    error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
  return code === 'UNABLE_TO_GET_ISSUER_CERT' && Object.keys(socket.getPeerCertificate()).length === 0
    ? 'the client sent no certificate'
    : `the certificate is not trusted (${code})`;
}
