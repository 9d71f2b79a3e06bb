import type { Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';

/**
 * A TCP relay in front of etcd that the test can cut and reopen on the same
 * port: cutting it disconnects one client (a watcher) while etcd stays up.
 */
export class TcpGate {
  public port = 0;
  readonly #target: number;
  readonly #sockets = new Set<Socket>();
  #server: Server | undefined;

  public constructor(targetPort: number) {
    this.#target = targetPort;
  }

  public get endpoint(): string {
    return `http://127.0.0.1:${String(this.port)}`;
  }

  /** Listens (again, on the same port after a cut). */
  public async open(): Promise<void> {
    const server = createServer((socket) => {
      const upstream = connect(this.#target, '127.0.0.1');
      for (const s of [socket, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => undefined);
      }
      socket.pipe(upstream).pipe(socket);
      socket.on('close', () => upstream.destroy());
      upstream.on('close', () => socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    const address = server.address();
    if (address !== null && typeof address === 'object') this.port = address.port;
    this.#server = server;
  }

  /** Stops listening and drops every relayed connection. */
  public async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    if (server !== undefined)
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
  }
}
