/**
 * Loopback ports for tests: one the kernel says is free now, whether
 * something accepts connections on one, and a run of consecutive free ones.
 */
import { createConnection, createServer } from 'node:net';

/** A port the OS says is free now (listen on 0 on 127.0.0.1, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * A port nothing listens on now (bound, then released), for a connection
 * that must be refused. The same as {@link freePort}; the name says why.
 */
export const closedPort: () => Promise<number> = freePort;

/** True when something accepts TCP connections on 127.0.0.1:port (gives up after 2 s). */
export async function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * The first of `count` consecutive ports that are free now (replica i of
 * `spindle run --replicas` serves on PORT + i).
 */
export async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = await freePort();
    if (base + count >= 65_000) continue;
    const taken = await Promise.all(Array.from({ length: count }, (_, i) => isListening(base + i)));
    if (!taken.some(Boolean)) return base;
  }
  throw new Error(`no run of ${String(count)} free ports on 127.0.0.1`);
}
