import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

import type { LogFields, Logger } from '../../common/index.js';

/**
 * A flood is refused or shed thousands of times a second: each kind of message
 * is logged at most this often, with the count of those left out since.
 */
const LOG_INTERVAL_MS = 10_000;

/** The caps a `ConnectionLimiter` enforces. */
export interface ConnectionCaps {
  /** Most open connections in all; 0 refuses every connection. */
  readonly maxConnections: number;
  /** Most open connections from one client address; 0 disables this cap. */
  readonly maxConnectionsPerAddress: number;
}

/** The open connections of one client address. */
interface AddressConnections {
  open: number;
  /**
   * Connections that have not sent a request yet, with their admission number,
   * oldest first (a Map keeps insertion order).
   */
  readonly waiting: Map<Socket, number>;
}

/**
 * Admits connections under the server's caps, fairly. When every slot is
 * taken, a new connection does not simply bounce: the limiter closes the
 * oldest connection that has sent no request yet from the address holding the
 * most connections (of equally heavy ones, the oldest such connection), as
 * long as that address holds more than the newcomer's. A flood of idle
 * connections from a few addresses so gives way to every other client, while a
 * client already at the top of the share (or a server busy with real requests)
 * still meets a refusal. Nothing
 * ran on a closed connection, so closing it is honest to whoever opened it.
 *
 * Install with {@link attach}; it replaces node's own `server.maxConnections`,
 * which drops connections before anyone can choose.
 */
export class ConnectionLimiter {
  private readonly byAddress = new Map<string, AddressConnections>();
  /**
   * Connections that have sent no request, by `address|port`: a TLS request
   * arrives on a TLSSocket, not on the TCP socket counted here, but both share
   * the peer's address and port.
   */
  private readonly waitingByPeer = new Map<string, Socket>();
  /** Every counted connection, so a connection is released once (on close or when shed). */
  private readonly counted = new Set<Socket>();
  /**
   * Sockets a request already arrived on: a keep-alive connection's later
   * requests then cost one lookup, not a peer-key string and two map lookups.
   */
  private readonly served = new WeakSet<Socket>();
  private open = 0;
  /** Connections admitted so far: each one's number orders them by age. */
  private admitted = 0;
  /** Per message: when it was last logged and how many were left out since. */
  private readonly logged = new Map<string, { at: number; leftOut: number }>();

  /**
   * @param caps the connection caps
   * @param logger where refusals and closed idle connections are logged
   */
  public constructor(
    private readonly caps: ConnectionCaps,
    private readonly logger: Logger,
  ) {}

  /**
   * Listens on `server`'s `'connection'` event. The server's request handler
   * calls {@link requestArrived} itself: a second `'request'` listener would
   * make node copy the listener list on every request.
   */
  public attach(server: Server): void {
    server.on('connection', this.onConnection);
  }

  /** A request arrived: its connection is no longer idle, so it is never shed. */
  public requestArrived(req: IncomingMessage): void {
    const served = req.socket;
    if (this.served.has(served)) return;
    this.served.add(served);
    const key = peerKey(served);
    const socket = this.waitingByPeer.get(key);
    if (socket === undefined) return;
    this.waitingByPeer.delete(key);
    this.byAddress.get(socket.remoteAddress ?? '')?.waiting.delete(socket);
  }

  private readonly onConnection = (socket: Socket): void => {
    const address = socket.remoteAddress ?? '';
    const mine = this.byAddress.get(address);
    const openFromAddress = mine?.open ?? 0;
    const perAddress = this.caps.maxConnectionsPerAddress;
    if (perAddress > 0 && openFromAddress >= perAddress) {
      this.warn('connection refused: too many from one address', { remoteAddress: address });
      socket.destroy();
      return;
    }
    if (this.open >= this.caps.maxConnections && !this.shedFor(address, openFromAddress)) {
      this.warn('connection refused: the server is at maxConnections', { remoteAddress: address });
      socket.destroy();
      return;
    }
    this.admit(socket, address);
  };

  private admit(socket: Socket, address: string): void {
    let entry = this.byAddress.get(address);
    if (entry === undefined) {
      entry = { open: 0, waiting: new Map() };
      this.byAddress.set(address, entry);
    }
    entry.open++;
    this.open++;
    this.counted.add(socket);
    entry.waiting.set(socket, this.admitted++);
    const key = peerKey(socket);
    this.waitingByPeer.set(key, socket);
    socket.once('close', () => {
      this.release(socket, address, key);
    });
  }

  private release(socket: Socket, address: string, key: string): void {
    if (!this.counted.delete(socket)) return;
    if (this.waitingByPeer.get(key) === socket) this.waitingByPeer.delete(key);
    const entry = this.byAddress.get(address);
    if (entry === undefined) return;
    entry.waiting.delete(socket);
    entry.open--;
    this.open--;
    if (entry.open <= 0) this.byAddress.delete(address);
  }

  /** Logs `message` at warn, unless it was logged less than LOG_INTERVAL_MS ago: then it only counts it. */
  private warn(message: string, fields: LogFields): void {
    const now = Date.now();
    const last = this.logged.get(message);
    if (last !== undefined && now - last.at < LOG_INTERVAL_MS) {
      last.leftOut++;
      return;
    }
    const leftOut = last?.leftOut ?? 0;
    this.logger.warn(message, leftOut > 0 ? { ...fields, notLoggedSinceLast: leftOut } : fields);
    this.logged.set(message, { at: now, leftOut: 0 });
  }

  /**
   * Frees a slot for a newcomer from `address` (holding `openFromAddress`) by
   * closing the oldest request-less connection of the heaviest address (of
   * equally heavy ones, that with the oldest such connection), when that
   * address holds more than the newcomer's. Returns whether a slot was freed.
   */
  private shedFor(address: string, openFromAddress: number): boolean {
    let heaviest: AddressConnections | undefined;
    let heaviestAddress = '';
    let oldest = Infinity;
    for (const [candidate, entry] of this.byAddress) {
      const first = entry.waiting.values().next();
      if (first.done === true) continue;
      const heavier = heaviest === undefined || entry.open > heaviest.open;
      if (heavier || (entry.open === heaviest?.open && first.value < oldest)) {
        heaviest = entry;
        heaviestAddress = candidate;
        oldest = first.value;
      }
    }
    // Not when the newcomer's address holds as many: a swap would only move the excess to it.
    if (heaviest === undefined || heaviest.open <= openFromAddress) return false;
    const victim = heaviest.waiting.keys().next().value;
    if (victim === undefined) return false;
    this.warn('closed an idle connection to admit another address', {
      remoteAddress: heaviestAddress,
      admitted: address,
    });
    // Release now, not on 'close' (which comes a tick later), so the count is right for the
    // newcomer; the later 'close' finds nothing left to release.
    this.release(victim, heaviestAddress, peerKey(victim));
    victim.destroy();
    return true;
  }
}

function peerKey(socket: Socket): string {
  return `${socket.remoteAddress ?? ''}|${String(socket.remotePort ?? '')}`;
}
