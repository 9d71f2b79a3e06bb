/**
 * One replica process of the cluster suite, in its own network namespace:
 * test/cluster/fixtures/netReplica.ts, started, stopped and restarted on its
 * address, with the executions it logged.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { Execution } from '../../ha/harness/ReplicaProcess.js';
import type { NetHost } from '../../helpers/netns.js';
import type { NetCluster } from './NetCluster.js';
import { SERVICE_PORT } from './ports.js';

const replicaScript = join(import.meta.dirname, '..', 'fixtures', 'netReplica.js');

/** One replica process in its namespace. */
export class NetReplica {
  public child: ChildProcessWithoutNullStreams | undefined;
  readonly #output: string[] = [];
  /** The registration's warnings (`warn …` lines), across restarts, with the time they came. */
  public readonly warnings: { readonly at: number; readonly message: string }[] = [];

  public constructor(
    private readonly cluster: NetCluster,
    public readonly host: NetHost,
    public readonly index: number,
  ) {}

  /** The port clients are told to dial: the service's, or that of a proxy in front of it. */
  public advertisedPort = SERVICE_PORT;

  /** The URL the replica registers, and the pool's name for it. */
  public get url(): string {
    return `http://${this.host.address}:${String(this.advertisedPort)}/Counter`;
  }

  public get log(): string {
    return join(this.cluster.dir, `replica-${String(this.index)}.log`);
  }

  public get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Starts the process and resolves once it serves and is registered, under
   * the URL of port `advertisedPort` (a proxy in front of it), or its own.
   */
  public async start(advertisedPort = SERVICE_PORT): Promise<void> {
    this.advertisedPort = advertisedPort;
    const child = this.cluster.lab.spawn(this.host, process.execPath, [
      replicaScript,
      '--host',
      this.host.address,
      '--port',
      String(SERVICE_PORT),
      '--etcd',
      this.cluster.etcdEndpoints.join(','),
      '--prefix',
      this.cluster.prefix,
      '--log',
      this.log,
      '--replica',
      String(this.index),
      '--advertise-url',
      this.url,
    ]);
    this.child = child;
    child.stderr.on('data', (chunk: Buffer) => this.#output.push(chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`replica ${String(this.index)} did not start: ${this.#output.join('')}`));
      }, 30_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('ready ')) {
          clearTimeout(timer);
          resolve();
        } else if (line.startsWith('warn ')) {
          this.warnings.push({ at: Date.now(), message: line.slice('warn '.length) });
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(
          new Error(`replica ${String(this.index)} exited with ${String(code)}: ${this.#output.join('')}`),
        );
      });
    });
  }

  /** Sends `signal` and resolves once the process has exited (SIGKILL after 15 s). */
  public async stop(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running) return;
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        resolve();
      }),
    );
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  /** Every execution this replica logged, across its restarts. */
  public executions(): Execution[] {
    if (!existsSync(this.log)) return [];
    return readFileSync(this.log, 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as Execution);
  }
}
