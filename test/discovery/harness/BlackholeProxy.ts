/**
 * A TCP proxy on loopback in front of one port that can turn into a
 * blackhole: connections stay open, but every byte either way is dropped, as
 * when iptables drops a host's packets (nothing is refused, nothing fails).
 * Lets a test lose one "etcd member" without root.
 */
import { createConnection, createServer } from 'node:net';
import type { Socket } from 'node:net';

export class BlackholeProxy {
  /** True while every byte is dropped. */
  public blackholed = false;
  readonly #sockets = new Set<Socket>();
  readonly #server = createServer((inbound) => {
    this.#pipe(inbound);
  });
  #url = '';

  /** Listens on a free loopback port, forwarding to `targetPort`. */
  public static async start(targetPort: number): Promise<BlackholeProxy> {
    const proxy = new BlackholeProxy(targetPort);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    const address = proxy.#server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    proxy.#url = `http://127.0.0.1:${String(port)}`;
    return proxy;
  }

  private constructor(private readonly targetPort: number) {}

  /** The proxy's URL, `http://127.0.0.1:<port>`. */
  public get url(): string {
    return this.#url;
  }

  /** Stops listening and destroys every connection. */
  public async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
    });
  }

  #pipe(inbound: Socket): void {
    const outbound = createConnection({ host: '127.0.0.1', port: this.targetPort });
    for (const [from, to] of [
      [inbound, outbound],
      [outbound, inbound],
    ] as const) {
      this.#sockets.add(from);
      from.on('close', () => this.#sockets.delete(from));
      from.on('error', () => to.destroy());
      from.on('end', () => to.end());
      from.on('data', (chunk: Buffer) => {
        if (!this.blackholed) to.write(chunk);
      });
    }
  }
}
