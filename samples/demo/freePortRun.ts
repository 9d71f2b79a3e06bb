import { createConnection, createServer } from 'node:net';

/** A port the OS says is free now (listen on 0, read it, close). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** True when something accepts connections on 127.0.0.1:port. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
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
 * The first of `count` consecutive ports that are free now, so the demo never
 * collides with a service (or a test) already running: replica i of
 * `spindle run --replicas` serves on base + i.
 */
export async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = await freePort();
    if (base + count > 65_535) continue;
    const taken = await Promise.all(Array.from({ length: count }, (_, i) => isListening(base + i)));
    if (!taken.some(Boolean)) return base;
  }
  throw new Error(`no run of ${String(count)} free ports on 127.0.0.1`);
}
