import { join } from 'node:path';

import type { RunningProcess } from '../../helpers/nodeProcess.js';
import { root, startNode } from '../../helpers/nodeProcess.js';

/** The sample's replica context: a Greeter exporter plus its EtcdRegistration. */
export const sampleDir = join(root, 'samples', 'etcd-cluster');

/** Options of a replica process. */
export interface ReplicaOptions {
  /** etcd client URL. */
  readonly etcd: string;
  /** Key prefix (one per test, so tests never see each other's keys). */
  readonly prefix: string;
  /** Lease TTL in seconds. @default 2 */
  readonly ttlSeconds?: number;
  /** Port (0: any free port). @default 0 */
  readonly port?: number;
  /** Context file of the sample. @default server.xml */
  readonly context?: string;
  /** Extra arguments, e.g. `['--replicas', '2']`. @default [] */
  readonly extra?: readonly string[];
}

/**
 * A real replica: `spindle run samples/etcd-cluster/server.xml` in its own
 * process, serving the Greeter and registering itself in etcd.
 */
export class Replica {
  public readonly process: RunningProcess;
  public url = '';

  private constructor(process: RunningProcess) {
    this.process = process;
  }

  /** Starts the process and resolves once it serves (its registration is written before that line). */
  public static async start(options: ReplicaOptions): Promise<Replica> {
    const replica = new Replica(
      startNode([
        join(root, 'bin', 'spindle.js'),
        'run',
        join(sampleDir, options.context ?? 'server.xml'),
        '--set',
        `PORT=${String(options.port ?? 0)}`,
        '--set',
        `ETCD=${options.etcd}`,
        '--set',
        `PREFIX=${options.prefix}`,
        '--set',
        `TTL=${String(options.ttlSeconds ?? 2)}`,
        ...(options.extra ?? []),
      ]),
    );
    await replica.process.waitFor(/^spindle: ready/m, 30_000);
    const url = /'exporter' serving (\S+)/.exec(replica.process.stdout())?.[1];
    if (url === undefined) throw new Error(`no URL in: ${replica.process.stdout()}`);
    replica.url = url;
    return replica;
  }

  public get pid(): number {
    return this.process.child.pid ?? 0;
  }

  /** Whether the process still runs. */
  public get running(): boolean {
    return this.process.child.exitCode === null && this.process.child.signalCode === null;
  }

  /** Sends `signal` and resolves with the exit code once the process has exited. */
  public stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    return this.process.stop(signal, 15_000);
  }
}
