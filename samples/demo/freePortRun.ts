import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The kernel's ephemeral range (Linux's default when it cannot be read). A port
 * inside it can be taken at any moment as the local end of an outbound
 * connection, and a replica told to listen there would fail with EADDRINUSE,
 * so the demo picks its ports below it.
 */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    if (Number.isInteger(low)) return low;
  } catch {
    // not Linux: use the default
  }
  return 32_768;
}

/** True when 127.0.0.1:port can be bound now (released before returning). */
async function canBind(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => {
      resolve(false);
    });
    server.listen(port, '127.0.0.1', () => {
      resolve(true);
    });
  });
  if (bound) await new Promise((resolve) => server.close(resolve));
  return bound;
}

/**
 * The first of `count` consecutive ports that can all be bound now, so the demo
 * never collides with a service (or a test) already running: replica i of
 * `spindle run --replicas` serves on base + i. Drawn at random from 20000 up to
 * the ephemeral range (or above it, when the range starts lower).
 */
export async function freePortRun(count: number): Promise<number> {
  const low = ephemeralLow();
  const [first, last] = low - 20_000 > 1000 ? [20_000, low - 1] : [61_000, 65_535];
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = first + Math.floor(Math.random() * (last - first + 1 - count));
    let free = true;
    for (let i = 0; i < count && free; i++) free = await canBind(base + i);
    if (free) return base;
  }
  throw new Error(`no run of ${String(count)} free ports on 127.0.0.1`);
}
