/**
 * The cluster under test: six hosts on one bridge (three etcd members and
 * three replicas, each in its own network namespace with its own address) and
 * a pool in the test process (the root namespace) that finds the replicas
 * through the three-member etcd cluster.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { EtcdDiscovery } from '../../../src/discovery/EtcdDiscovery.js';
import { HighAvailabilityProxy } from '../../../src/ha/HighAvailabilityProxy.js';
import type { NetHost } from '../../helpers/netns.js';
import { NetLab } from '../../helpers/netns.js';
import type { Execution } from '../../ha/harness/ReplicaProcess.js';

export const SERVICE_PORT = 7000;
export const ETCD_CLIENT_PORT = 2379;
export const ETCD_PEER_PORT = 2380;
const replicaScript = join(import.meta.dirname, '..', 'fixtures', 'netReplica.js');
const delayProxyScript = join(import.meta.dirname, '..', 'fixtures', 'delayProxy.js');

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` every 20 ms; resolves with the time it took, or rejects after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  for (let i = 0; i < 1_000_000; i++) {
    if (await condition()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) break;
    await sleep(20);
  }
  throw new Error(`timed out after ${String(timeoutMs)} ms waiting for ${what}`);
}

/** One replica process in its namespace. */
export class NetReplica {
  public child: ChildProcessWithoutNullStreams | undefined;
  readonly #output: string[] = [];

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

/** A timestamped membership or state event the pool or its discovery reported. */
export interface ClusterEvent {
  readonly at: number;
  readonly kind: 'added' | 'removed' | 'ejected' | 'healthy' | 'etcd-disconnected';
  readonly url: string;
}

/** The six hosts, etcd, the replicas and the pool; `dispose()` removes all of it. */
export class NetCluster {
  public readonly dir = mkdtempSync(join(tmpdir(), 'spindle-cluster-'));
  public readonly prefix = `/spindle-cluster-${String(process.pid)}`;
  public readonly replicas: NetReplica[];
  public readonly events: ClusterEvent[] = [];
  public pool: HighAvailabilityProxy | undefined;
  public discovery: EtcdDiscovery | undefined;
  readonly #etcd = new Map<string, ChildProcessWithoutNullStreams>();

  private constructor(public readonly lab: NetLab) {
    this.replicas = [0, 1, 2].map((i) => new NetReplica(this, lab.host(`replica${String(i)}`), i));
  }

  /** Makes the hosts, starts etcd on three of them and a replica on each of the others, then the pool. */
  public static async start(): Promise<NetCluster> {
    const lab = NetLab.create(['etcd0', 'etcd1', 'etcd2', 'replica0', 'replica1', 'replica2']);
    const cluster = new NetCluster(lab);
    try {
      for (const host of cluster.etcdHosts) cluster.#startEtcd(host);
      await waitFor('a healthy etcd cluster', () => cluster.etcdHealthy(), 60_000);
      await Promise.all(cluster.replicas.map((r) => r.start()));
      await cluster.#startPool();
      await waitFor('three members in the pool', () => cluster.healthyMembers().length === 3, 30_000);
    } catch (error) {
      await cluster.dispose();
      throw error;
    }
    return cluster;
  }

  public get etcdHosts(): NetHost[] {
    return ['etcd0', 'etcd1', 'etcd2'].map((name) => this.lab.host(name));
  }

  public get etcdEndpoints(): string[] {
    return this.etcdHosts.map((h) => `http://${h.address}:${String(ETCD_CLIENT_PORT)}`);
  }

  /** Whether every etcd member (or those given) answers `/health` with `true` (it has a leader and quorum). */
  public async etcdHealthy(hosts: readonly NetHost[] = this.etcdHosts): Promise<boolean> {
    const answers = await Promise.all(
      hosts.map(async (host) => {
        try {
          const response = await fetch(`http://${host.address}:${String(ETCD_CLIENT_PORT)}/health`, {
            signal: AbortSignal.timeout(1000),
          });
          return ((await response.json()) as { health?: string }).health === 'true';
        } catch {
          return false;
        }
      }),
    );
    return answers.every(Boolean);
  }

  /**
   * Starts a delay proxy in `host`'s namespace on `listenPort`, in front of the
   * service port, holding every chunk `delayMs` each way; resolves with a stop function.
   */
  public async startDelayProxy(host: NetHost, listenPort: number, delayMs: number): Promise<() => void> {
    const child = this.lab.spawn(host, process.execPath, [
      delayProxyScript,
      '--listen',
      `${host.address}:${String(listenPort)}`,
      '--target',
      `${host.address}:${String(SERVICE_PORT)}`,
      '--delay-ms',
      String(delayMs),
    ]);
    child.stderr.resume();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error('the delay proxy did not start')); }, 30_000);
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('ready ')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    return () => child.kill('SIGKILL');
  }

  /** Whether the pool holds exactly the replicas' current URLs, all healthy. */
  public converged(): boolean {
    const expected = this.replicas.map((r) => r.url).sort();
    const all = (this.pool?.stats() ?? []).map((s) => s.description).sort();
    return (
      JSON.stringify(all) === JSON.stringify(expected) && this.healthyMembers().length === expected.length
    );
  }

  /** The URLs the pool holds in rotation (healthy), sorted. */
  public healthyMembers(): string[] {
    return (this.pool?.stats() ?? [])
      .filter((s) => s.state === 'healthy')
      .map((s) => s.description)
      .sort();
  }

  /** The first event of `kind` for `url` at or after `since`, or undefined. */
  public firstEvent(kind: ClusterEvent['kind'], url: string, since: number): ClusterEvent | undefined {
    return this.events.find((e) => e.kind === kind && e.url === url && e.at >= since);
  }

  /** Every execution logged by every replica. */
  public executions(): Execution[] {
    return this.replicas.flatMap((r) => r.executions());
  }

  /** Stops the pool and every process, removes the hosts and the data directory. */
  public async dispose(): Promise<void> {
    try {
      await this.pool?.close();
      await this.discovery?.close();
    } finally {
      await Promise.all(this.replicas.map((r) => r.stop('SIGKILL')));
      for (const child of this.#etcd.values()) child.kill('SIGKILL');
      this.lab.dispose();
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  #startEtcd(host: NetHost): void {
    const peers = this.etcdHosts
      .map((h) => `${h.name}=http://${h.address}:${String(ETCD_PEER_PORT)}`)
      .join(',');
    const client = `http://${host.address}:${String(ETCD_CLIENT_PORT)}`;
    const peer = `http://${host.address}:${String(ETCD_PEER_PORT)}`;
    const child = this.lab.spawn(host, 'etcd', [
      '--name',
      host.name,
      '--data-dir',
      join(this.dir, host.name),
      '--listen-client-urls',
      client,
      '--advertise-client-urls',
      client,
      '--listen-peer-urls',
      peer,
      '--initial-advertise-peer-urls',
      peer,
      '--initial-cluster',
      peers,
      '--initial-cluster-state',
      'new',
      '--initial-cluster-token',
      this.lab.hosts[0]?.namespace ?? 'spindle',
    ]);
    // etcd logs a lot; read it so its pipes never fill, keep nothing.
    child.stdout.resume();
    child.stderr.resume();
    this.#etcd.set(host.name, child);
  }

  async #startPool(): Promise<void> {
    const discovery = new EtcdDiscovery({
      serviceName: 'Counter',
      endpoints: this.etcdEndpoints,
      prefix: this.prefix,
    });
    this.discovery = discovery;
    discovery.on('memberAdded', (url: string) => this.events.push({ at: Date.now(), kind: 'added', url }));
    discovery.on('memberRemoved', (url: string) =>
      this.events.push({ at: Date.now(), kind: 'removed', url }),
    );
    discovery.on('disconnected', () =>
      this.events.push({ at: Date.now(), kind: 'etcd-disconnected', url: '' }),
    );
    const pool = new HighAvailabilityProxy({
      name: 'Counter',
      discovery,
      idempotent: ['touch'],
      timeoutMs: 3000,
      attemptTimeoutMs: 1000,
      backoff: { initialMs: 300, maxMs: 1000 },
    });
    this.pool = pool;
    pool.on('stateChange', (change: { member: string; to: string }) => {
      if (change.to === 'ejected' || change.to === 'healthy') {
        this.events.push({ at: Date.now(), kind: change.to, url: change.member });
      }
    });
    await pool.ready();
  }
}
