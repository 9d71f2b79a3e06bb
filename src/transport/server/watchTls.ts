import type { Server } from 'node:http';
import type { TLSSocket } from 'node:tls';

import type { Logger } from '../../common/Logger.js';
import { checkSubjectFields } from './checkSubjectFields.js';
import type { ResolvedTls } from './resolveTlsOptions.js';

/**
 * Logs refused TLS handshakes and drops client certificates whose subject
 * fails `verifyFields`; why is logged on the server only, never told the client.
 */
export function watchTls(server: Server, tls: ResolvedTls, logger: Logger): void {
  server.on('tlsClientError', (error: Error, socket: TLSSocket) => {
    logger.warn('TLS handshake refused', {
      remoteAddress: socket.remoteAddress,
      reason: error.message,
    });
  });
  if (tls.requirements.length === 0) return;
  server.on('secureConnection', (socket: TLSSocket) => {
    const reason = checkSubjectFields(socket.getPeerCertificate().subject, tls.requirements);
    if (reason !== undefined) {
      logger.warn('client certificate refused', { remoteAddress: socket.remoteAddress, reason });
      socket.destroy();
    }
  });
}
