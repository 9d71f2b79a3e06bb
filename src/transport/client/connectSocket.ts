import net from 'node:net';
import tls from 'node:tls';
import type { ConnectionOptions } from 'node:tls';

import type { TunnelTarget } from './connectTunnel.js';
import { connectTunnel } from './connectTunnel.js';

/** Where to connect. */
export interface ConnectTarget {
  readonly host: string;
  readonly port: number;
  /** `tls.connect` options for `https:`; absent for plain TCP. */
  readonly tls?: ConnectionOptions | undefined;
  /**
   * For `https:` through an HTTP proxy (`host`/`port` are then the proxy's):
   * the origin to open a CONNECT tunnel to before TLS starts inside it.
   */
  readonly tunnel?: TunnelTarget | undefined;
  /** Told of each new TLS session, to resume it on the next connection. */
  readonly onSession?: ((session: Buffer) => void) | undefined;
}

/** What the socket tells its connection. */
export interface SocketSink {
  /** Set once the TCP connection is open. */
  connected: boolean;
  /** Set once the TLS handshake finished. */
  secured: boolean;
  /** The connection is gone: a tunnel that opens now starts no TLS. */
  readonly closed: boolean;
  /** Bytes from the server (the reused read buffer on plain TCP: read them before returning). */
  onData(chunk: Buffer): void;
  /** The server ended its side. */
  onEnd(): void;
  /** The socket (or, before it opened, the CONNECT tunnel) failed. */
  onError(error: unknown): void;
  /** The socket closed. */
  onClose(): void;
  /** The CONNECT tunnel is open and TLS is starting inside it on `socket`: requests go there now. */
  onTunnel(socket: tls.TLSSocket): void;
}

/** Size of the buffer plain TCP connections read into (reused for every read). */
const READ_BUFFER_BYTES = 64 * 1024;

/**
 * Opens the socket of one connection to `target`, telling `sink` of all it
 * does: plain TCP read into one reused buffer, TLS, or TLS inside a CONNECT
 * tunnel through an HTTP proxy. For a tunnel it returns the proxy's raw
 * socket, and hands over the TLS socket with `onTunnel` once the tunnel is
 * open.
 */
export function connectSocket(target: ConnectTarget, sink: SocketSink): net.Socket {
  if (target.tls === undefined) {
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
    const socket = net.connect({
      host: target.host,
      port: target.port,
      noDelay: true,
      onread: {
        buffer,
        callback: (count: number) => {
          sink.onData(buffer.subarray(0, count));
          return true;
        },
      },
    });
    watch(socket, sink);
    return socket;
  }
  if (target.tunnel === undefined) {
    return startTls(tls.connect({ host: target.host, port: target.port, ...target.tls }), target, sink);
  }
  const raw = net.connect({ host: target.host, port: target.port, noDelay: true });
  raw.once('connect', () => {
    sink.connected = true;
  });
  const tunnel = target.tunnel;
  connectTunnel(raw, tunnel, (error) => {
    if (error !== undefined) {
      sink.onError(error);
      return;
    }
    if (sink.closed) return;
    // The raw socket's failures now surface on the TLS socket over it.
    raw.on('error', () => undefined);
    const options = { ...target.tls, socket: raw, host: tunnel.host };
    sink.onTunnel(startTls(tls.connect(options), target, sink));
  });
  return raw;
}

/** Reads `socket` as a TLS connection (direct or inside a tunnel) and watches it. */
function startTls(socket: tls.TLSSocket, target: ConnectTarget, sink: SocketSink): tls.TLSSocket {
  if (target.onSession !== undefined) socket.on('session', target.onSession);
  socket.setNoDelay(true);
  socket.on('data', (chunk: Buffer) => {
    sink.onData(chunk);
  });
  socket.once('secureConnect', () => {
    sink.secured = true;
  });
  watch(socket, sink);
  return socket;
}

/** Follows the socket the requests go on to its end. */
function watch(socket: net.Socket, sink: SocketSink): void {
  socket.once('connect', () => {
    sink.connected = true;
  });
  socket.on('end', () => {
    sink.onEnd();
  });
  socket.on('error', (error: Error) => {
    sink.onError(error);
  });
  socket.on('close', () => {
    sink.onClose();
  });
}
