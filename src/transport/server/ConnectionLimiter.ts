import type { Socket } from 'node:net';

import type { Logger } from '../../common/index.js';

/**
 * Caps connections per client address, so one host cannot take every slot of
 * the server's `maxConnections`: listen with {@link onConnection} on the
 * server's `'connection'` event.
 */
export class ConnectionLimiter {
  private readonly connectionsPerAddress = new Map<string, number>();

  /**
   * @param maxConnectionsPerAddress open connections allowed from one address
   * @param logger where refusals are logged
   */
  public constructor(
    private readonly maxConnectionsPerAddress: number,
    private readonly logger: Logger,
  ) {}

  /** Counts the new connection, or destroys it when its address is at the cap. */
  public readonly onConnection = (socket: Socket): void => {
    const address = socket.remoteAddress ?? '';
    const open = this.connectionsPerAddress.get(address) ?? 0;
    if (open >= this.maxConnectionsPerAddress) {
      this.logger.warn('connection refused: too many from one address', { remoteAddress: address });
      socket.destroy();
      return;
    }
    this.connectionsPerAddress.set(address, open + 1);
    socket.once('close', () => {
      const left = (this.connectionsPerAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.connectionsPerAddress.delete(address);
      else this.connectionsPerAddress.set(address, left);
    });
  };
}
