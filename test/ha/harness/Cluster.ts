import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Execution } from './ReplicaProcess.js';
import { ReplicaProcess } from './ReplicaProcess.js';

/** N replica processes on loopback, with one execution log directory. */
export class Cluster {
  public readonly replicas: ReplicaProcess[];
  readonly #dir: string;

  public constructor(count: number, options: { readonly keepAliveMs?: number } = {}) {
    this.#dir = mkdtempSync(join(tmpdir(), 'spindle-ha-'));
    this.replicas = Array.from(
      { length: count },
      (_, replica) =>
        new ReplicaProcess({
          replica,
          dir: this.#dir,
          ...(options.keepAliveMs === undefined ? {} : { keepAliveMs: options.keepAliveMs }),
        }),
    );
  }

  public get urls(): string[] {
    return this.replicas.map((r) => r.url);
  }

  public replica(index: number): ReplicaProcess {
    const replica = this.replicas[index];
    if (replica === undefined) throw new Error(`no replica ${index}`);
    return replica;
  }

  public async start(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.start()));
  }

  /** Every execution logged by every replica, across restarts. */
  public executions(): Execution[] {
    return this.replicas.flatMap((r) => r.executions());
  }

  /** Kills every replica and removes the logs. */
  public async stop(): Promise<void> {
    await Promise.all(this.replicas.map((r) => r.stop()));
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 20 ms until it holds; fails after `timeoutMs` (generous: CI machines are loaded). */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * Runs `concurrency` workers, each making calls back to back until `stop()`
 * resolves or `maxCalls` calls were made in all; resolves when all are done.
 */
export async function drive(
  concurrency: number,
  until: Promise<void>,
  call: (n: number) => Promise<unknown>,
  maxCalls = 100_000,
): Promise<number> {
  let stopped = false;
  void until.then(() => {
    stopped = true;
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!stopped && next < maxCalls) {
        await call(next++);
      }
    }),
  );
  return next;
}
