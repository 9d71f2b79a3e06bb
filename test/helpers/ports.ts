/**
 * Loopback ports for tests: one free now, whether something accepts
 * connections on one, and a run of consecutive free ones.
 *
 * Ports are drawn from below the kernel's ephemeral range on purpose. A port
 * inside it can be taken at any moment as the local end of some outbound
 * connection (a keep-alive agent, an etcd watch, an ssh master), and a server
 * later told to listen there fails with EADDRINUSE; a CI run lost the demo
 * that way, when replica 1's port was the local port of another connection.
 * Below the range only a listener can hold a port, and each candidate is
 * checked by binding it, not by connecting to it.
 */
import { readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

/** Lowest port handed out; leaves the well-known and common service ports alone. */
const LOWEST = 20_000;

/** The kernel's ephemeral range, or Linux's default when it cannot be read. */
function ephemeralRange(): { low: number; high: number } {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (low !== undefined && high !== undefined && Number.isInteger(low) && Number.isInteger(high)) {
      return { low, high };
    }
  } catch {
    // not Linux: fall through to the default
  }
  return { low: 32_768, high: 60_999 };
}

/** [first, last] of the ports tests draw from: below the ephemeral range, else above it. */
function candidateRange(): [number, number] {
  const { low, high } = ephemeralRange();
  if (low - 1 - LOWEST >= 1000) return [LOWEST, low - 1];
  return [high + 1, 65_535];
}

/** True when 127.0.0.1:port can be bound now (the bind is released before returning). */
export async function canBind(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => {
      resolve(false);
    });
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      resolve(true);
    });
  });
  if (bound) {
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  }
  return bound;
}

/**
 * The first of `count` consecutive ports that can all be bound now (replica i
 * of `spindle run --replicas` serves on PORT + i). Drawn at random below the
 * ephemeral range, so nothing but a listener can take one before it is used.
 */
export async function freePortRun(count: number): Promise<number> {
  const [first, last] = candidateRange();
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = first + Math.floor(Math.random() * (last - first + 1 - count));
    let free = true;
    for (let i = 0; i < count && free; i++) free = await canBind(base + i);
    if (free) return base;
  }
  throw new Error(`no run of ${String(count)} free ports on 127.0.0.1`);
}

/** A port that can be bound now, below the ephemeral range (see the file comment). */
export async function freePort(): Promise<number> {
  return freePortRun(1);
}

/**
 * A port nothing listens on now, for a connection that must be refused. The
 * same as {@link freePort}; the name says why.
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
