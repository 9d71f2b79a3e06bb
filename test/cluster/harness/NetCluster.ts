/**
 * The cluster under test: six hosts on one bridge (three etcd members and
 * three replicas, each in its own network namespace with its own address) and
 * a pool in the test process (the root namespace) that finds the replicas
 * through the three-member etcd cluster.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { Etcd3 } from 'etcd3';

import { createEtcdClient } from '../../../src/discovery/createEtcdClient.js';
import { EtcdDiscovery } from '../../../src/discovery/EtcdDiscovery.js';
import { endpointHealthOf } from '../../../src/discovery/EndpointHealth.js';
import { HighAvailabilityProxy } from '../../../src/ha/HighAvailabilityProxy.js';
import { waitFor } from '../../discovery/harness/wait.js';
import type { Execution } from '../../ha/harness/ReplicaProcess.js';
import type { NetHost } from '../../helpers/netns.js';
import { NetLab } from '../../helpers/netns.js';
import { NetReplica } from './NetReplica.js';
import { ETCD_CLIENT_PORT, ETCD_PEER_PORT, SERVICE_PORT } from './ports.js';

const delayProxyScript = join(import.meta.dirname, '..', 'fixtures', 'delayProxy.js');

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
  /** The discovery's etcd client (given to it, so the suite can see where its watch runs). */
  public discoveryClient: Etcd3 | undefined;
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
      const timer = setTimeout(() => {
        reject(new Error('the delay proxy did not start'));
      }, 30_000);
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
      this.discoveryClient?.close();
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

  /** The etcd leader (the member whose status names itself), asked over etcd's HTTP gateway. */
  public async etcdLeader(): Promise<NetHost | undefined> {
    for (const host of this.etcdHosts) if (await this.#isLeader(host)) return host;
    return undefined;
  }

  async #isLeader(host: NetHost): Promise<boolean> {
    try {
      const response = await fetch(
        `http://${host.address}:${String(ETCD_CLIENT_PORT)}/v3/maintenance/status`,
        {
          method: 'POST',
          body: '{}',
          signal: AbortSignal.timeout(2000),
        },
      );
      const status = (await response.json()) as { header?: { member_id?: string }; leader?: string };
      return status.leader !== undefined && status.leader === status.header?.member_id;
    } catch {
      return false;
    }
  }

  /** The etcd host the discovery's watch stream was last opened on. */
  public watchHost(): NetHost | undefined {
    const client = this.discoveryClient;
    const endpoint = client === undefined ? undefined : endpointHealthOf(client)?.lastStreamHost;
    return this.etcdHosts.find((h) => endpoint === `http://${h.address}:${String(ETCD_CLIENT_PORT)}`);
  }

  async #startPool(): Promise<void> {
    const client = createEtcdClient({ endpoints: this.etcdEndpoints });
    this.discoveryClient = client;
    const discovery = new EtcdDiscovery({ serviceName: 'Counter', client, prefix: this.prefix });
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
