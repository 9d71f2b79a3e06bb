/**
 * A real etcd for tests: one member on loopback with free client and peer
 * ports and a temporary data directory. It can be stopped and started again
 * on the same ports and data (an etcd outage), and is removed by `dispose()`.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './ports.js';

/** Whether an `etcd` binary is on the PATH (`.ci/run` installs Debian's `etcd-server`). */
export function etcdAvailable(): boolean {
  return spawnSync('etcd', ['--version'], { stdio: 'ignore' }).status === 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One etcd process (3.4, Debian's package) on 127.0.0.1. */
export class EtcdServer {
  public readonly clientPort: number;
  public readonly peerPort: number;
  public readonly dataDir: string;
  #child: ChildProcess | undefined;
  #output: string[] = [];

  private constructor(clientPort: number, peerPort: number, dataDir: string) {
    this.clientPort = clientPort;
    this.peerPort = peerPort;
    this.dataDir = dataDir;
  }

  /** The client URL, for `endpoints`. */
  public get endpoint(): string {
    return `http://127.0.0.1:${String(this.clientPort)}`;
  }

  /** Starts a fresh etcd on free ports and resolves once `/health` says so. */
  public static async start(): Promise<EtcdServer> {
    const server = new EtcdServer(
      await freePort(),
      await freePort(),
      mkdtempSync(join(tmpdir(), 'spindle-etcd-')),
    );
    await server.restart();
    return server;
  }

  /** Whether the process runs. */
  public get running(): boolean {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Starts etcd (again) on the same ports and data directory; resolves once healthy. */
  public async restart(): Promise<void> {
    if (this.running) return;
    const peer = `http://127.0.0.1:${String(this.peerPort)}`;
    this.#output = [];
    const child = spawn(
      'etcd',
      [
        '--name',
        'spindle-test',
        '--data-dir',
        this.dataDir,
        '--listen-client-urls',
        this.endpoint,
        '--advertise-client-urls',
        this.endpoint,
        '--listen-peer-urls',
        peer,
        '--initial-advertise-peer-urls',
        peer,
        '--initial-cluster',
        `spindle-test=${peer}`,
        '--initial-cluster-state',
        'new',
        '--logger',
        'zap',
        '--log-level',
        'error',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.#child = child;
    child.stderr.on('data', (chunk: Buffer) => {
      this.#output.push(chunk.toString());
    });
    const until = Date.now() + 30_000;
    for (let attempt = 0; attempt < 600 && Date.now() < until; attempt++) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`etcd exited: ${this.#output.join('')}`);
      if (await this.healthy()) return;
      await sleep(50);
    }
    throw new Error(`etcd did not become healthy within 30 s: ${this.#output.join('')}`);
  }

  /** True when etcd answers `/health` with `"health":"true"`. */
  public async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.endpoint}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await response.json()) as { health?: string };
      return body.health === 'true';
    } catch {
      return false;
    }
  }

  /** Stops etcd (SIGTERM, SIGKILL after 5 s) and waits for the process to exit; keeps the data. */
  public async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (child === undefined || !this.running) return;
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        resolve();
      }),
    );
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops etcd and removes its data directory. */
  public async dispose(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
