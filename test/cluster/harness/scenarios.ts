/**
 * The faults the cluster suite injects while a client keeps calling, and the
 * figures each one yields: calls, errors by outcome, duplicate executions,
 * failover time and membership convergence time.
 */
import { createEtcdClient } from '../../../src/discovery/createEtcdClient.js';
import { sleep, waitFor } from '../../discovery/harness/wait.js';
import { History } from '../../ha/harness/History.js';
import type { Operation, Outcome } from '../../ha/harness/History.js';
import type { ClusterEvent, NetCluster } from './NetCluster.js';
import { ETCD_CLIENT_PORT, SERVICE_PORT } from './ports.js';

/** Generous bound for anything to converge on a loaded CI machine. */
const CONVERGE_MS = 45_000;

/** What one scenario measured. */
export interface ScenarioReport {
  readonly name: string;
  readonly calls: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  /** Non-idempotent request ids executed more than once (must be 0). */
  readonly duplicates: number;
  /** Calls reported "not executed" that ran, and successes that never ran (must be 0). */
  readonly dishonest: number;
  /** Calls that did not settle exactly once (must be 0). */
  readonly unsettled: number;
  /** Latency of the calls that succeeded, 50th and 99th percentile, in ms. */
  readonly okP50Ms: number;
  readonly okP99Ms: number;
  /** Fault → the pool stops sending to the faulty member (ejected or removed), in ms; undefined when no member was at fault. */
  readonly failoverMs: number | undefined;
  /** Fault → the member left the membership (etcd), in ms; undefined when it never left. */
  readonly leftMembershipMs: number | undefined;
  /** Heal or restart → every member back, healthy, in the pool (and etcd healthy), in ms. */
  readonly convergedMs: number;
  readonly notes: string;
}

/** Calls the pool from `workers` loops until stopped: `record` (not idempotent) and `touch` (idempotent) in turn. */
class Load {
  #stopped = false;
  readonly #loops: Promise<void>[];
  readonly #first: number;

  /**
   * @param history one history for the whole suite, so request ids never repeat across scenarios
   */
  public constructor(
    cluster: NetCluster,
    private readonly history: History,
    workers = 4,
    maxCalls = 20_000,
  ) {
    const pool = cluster.pool;
    if (pool === undefined) throw new Error('no pool');
    this.#first = history.operations.length;
    this.#loops = Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; !this.#stopped && i < maxCalls / workers; i++) {
        const method = (i + w) % 2 === 0 ? 'record' : 'touch';
        await history.run(method, 3000, (id) => pool.invoke(method, [id]));
        await sleep(10);
      }
    });
  }

  /** Stops the loops once their calls have settled; returns this load's operations. */
  public async stop(): Promise<Operation[]> {
    this.#stopped = true;
    await Promise.all(this.#loops);
    return this.history.operations.slice(this.#first);
  }
}

const suiteHistory = new History();

/** The figures `tally` computes from the history. */
type Tallied = 'calls' | 'outcomes' | 'duplicates' | 'dishonest' | 'unsettled' | 'okP50Ms' | 'okP99Ms';

/** Tallies outcomes and checks every call against the executions the replicas logged. */
function tally(cluster: NetCluster, operations: readonly Operation[]): Pick<ScenarioReport, Tallied> {
  const runs = new Map<string, number>();
  for (const execution of cluster.executions()) runs.set(execution.id, (runs.get(execution.id) ?? 0) + 1);
  const outcomes: Record<Outcome, number> = { ok: 0, fault: 0, 'not-executed': 0, unknown: 0, other: 0 };
  let duplicates = 0;
  let dishonest = 0;
  let unsettled = 0;
  for (const op of operations) {
    if (op.settles !== 1 || op.outcome === undefined) unsettled++;
    outcomes[op.outcome ?? 'other']++;
    const times = runs.get(op.id) ?? 0;
    if (op.method === 'record' && times > 1) duplicates++;
    if (op.outcome === 'not-executed' && times > 0) dishonest++;
    if ((op.outcome === 'ok' || op.outcome === 'fault') && times === 0) dishonest++;
  }
  const ok = operations.filter((op) => op.outcome === 'ok');
  return {
    calls: operations.length,
    outcomes,
    duplicates,
    dishonest,
    unsettled,
    okP50Ms: History.percentile(ok, 50),
    okP99Ms: History.percentile(ok, 99),
  };
}

/** Waits until the pool has all three replicas healthy again. */
function allBack(cluster: NetCluster): Promise<number> {
  return waitFor(
    'all three replicas, and only they, healthy in the pool',
    () => cluster.converged(),
    CONVERGE_MS,
  );
}

/**
 * Runs `body` (a fault and its recovery) under load, with a second of calls
 * before and after, and tallies the calls made meanwhile.
 */
async function underLoad(
  cluster: NetCluster,
  body: () => Promise<Omit<ScenarioReport, Tallied>>,
): Promise<ScenarioReport> {
  const load = new Load(cluster, suiteHistory);
  let partial: Omit<ScenarioReport, Tallied>;
  try {
    await sleep(1000);
    partial = await body();
    await sleep(1000);
  } catch (error) {
    await load.stop(); // a failed scenario must not leave its callers running
    throw error;
  }
  return { ...partial, ...tally(cluster, await load.stop()) };
}

/** Milliseconds from `from` to `at`; undefined when it never happened (undefined or Infinity). */
function since(at: number | undefined, from: number): number | undefined {
  return at === undefined || !Number.isFinite(at) ? undefined : at - from;
}

/** iptables DROP of one replica's service port (a blackhole: the kernel neither answers nor refuses). */
export function blackholeReplica(cluster: NetCluster, holdAfterMs = 2000): Promise<ScenarioReport> {
  const target = cluster.replicas[1]!;
  return underLoad(cluster, async () => {
    const fault = Date.now();
    cluster.lab.isolate(target.host, [SERVICE_PORT]);
    let held: number;
    try {
      // Held until the pool stops sending to it (bounded), then a while longer.
      const out = (): boolean =>
        cluster.firstEvent('ejected', target.url, fault) !== undefined ||
        cluster.firstEvent('removed', target.url, fault) !== undefined;
      await waitFor('the blackholed replica to be ejected', out, CONVERGE_MS);
      await sleep(holdAfterMs);
      held = Date.now() - fault;
    } finally {
      cluster.lab.heal(target.host, [SERVICE_PORT]);
    }
    const ejected = cluster.firstEvent('ejected', target.url, fault);
    const removed = cluster.firstEvent('removed', target.url, fault);
    const convergedMs = await allBack(cluster);
    return {
      name: `blackhole replica1 (iptables DROP on :${String(SERVICE_PORT)}, ${(held / 1000).toFixed(1)} s)`,
      failoverMs: since(Math.min(ejected?.at ?? Infinity, removed?.at ?? Infinity), fault),
      leftMembershipMs: since(removed?.at, fault),
      convergedMs,
      notes: 'held until ejected + 2 s; converged = heal → re-admitted by a probe',
    };
  });
}

/**
 * Cuts the etcd leader off from its peers and every client (all its traffic
 * dropped) for at least `holdMs`, and until the pool's discovery has seen a
 * key written on the majority meanwhile (a watch on the cut-off member moved
 * to a live one), then heals it. The leader is the hard case: every
 * follower's lease renewals are forwarded to it and stall until the others
 * have elected a new one.
 */
export function partitionEtcdMember(cluster: NetCluster, holdMs = 8000): Promise<ScenarioReport> {
  let target = cluster.lab.host('etcd2');
  const discovery = cluster.discovery;
  if (discovery === undefined) throw new Error('no discovery');
  // Not a registration: the discovery reports it as rejected, and no pool takes it.
  const probeKey = `${discovery.directory}probe-${String(Date.now())}`;
  const seen: string[] = [];
  const onRejected = (key: string): void => {
    seen.push(key);
  };
  return underLoad(cluster, async () => {
    target = (await cluster.etcdLeader()) ?? target;
    const watched = cluster.watchHost() === target;
    const fault = Date.now();
    const before = cluster.events.length;
    const live = cluster.etcdHosts.filter((h) => h !== target);
    const majority = createEtcdClient({
      endpoints: live.map((h) => `http://${h.address}:${String(ETCD_CLIENT_PORT)}`),
    });
    discovery.on('rejected', onRejected);
    let watchMs: number;
    let removals: ClusterEvent[];
    let moved: number;
    try {
      cluster.lab.isolate(target);
      await sleep(1000);
      const written = Date.now();
      await majority.put(probeKey).value('a probe, not a registration');
      await waitFor(
        'the discovery to see a key written on the etcd majority',
        () => seen.includes(probeKey),
        CONVERGE_MS,
      );
      watchMs = Date.now() - written;
      await sleep(Math.max(0, fault + holdMs - Date.now()));
      removals = cluster.events.slice(before).filter((e) => e.kind === 'removed');
      moved = cluster.replicas.filter((r) =>
        r.warnings.some((w) => w.at >= fault && w.message.includes('moved them to another endpoint')),
      ).length;
    } finally {
      cluster.lab.heal(target);
      discovery.off('rejected', onRejected);
      await majority
        .delete()
        .key(probeKey)
        .catch(() => undefined);
      majority.close();
    }
    const held = Date.now() - fault;
    const healed = Date.now();
    await waitFor(`${target.name} healthy again`, () => cluster.etcdHealthy([target]), CONVERGE_MS);
    await allBack(cluster);
    return {
      name: `partition the etcd leader (${target.name}, all its traffic dropped, ${(held / 1000).toFixed(1)} s)`,
      failoverMs: undefined,
      leftMembershipMs: since(removals[0]?.at, fault),
      convergedMs: Date.now() - healed,
      notes: `replicas dropped from the membership during the partition: ${String(removals.length)}; the pool's watch was ${watched ? '' : 'not '}on it; replicas whose keep-alive stream went silent and moved: ${String(moved)}; a key written on the majority reached the pool's watch after ${String(watchMs)} ms; converged = heal → ${target.name} healthy and 3 members`,
    };
  });
}

/** SIGKILL one replica, wait until it has left the membership (lease expiry), start it again. */
export function killAndRestart(cluster: NetCluster): Promise<ScenarioReport> {
  const target = cluster.replicas[0]!;
  return underLoad(cluster, async () => {
    const fault = Date.now();
    await target.stop('SIGKILL');
    await waitFor(
      'the killed replica to leave the membership',
      () => cluster.firstEvent('removed', target.url, fault) !== undefined,
      CONVERGE_MS,
    );
    const ejected = cluster.firstEvent('ejected', target.url, fault);
    const removed = cluster.firstEvent('removed', target.url, fault);
    const restarted = Date.now();
    await target.start();
    await allBack(cluster);
    return {
      name: 'SIGKILL replica0, restart once it left',
      failoverMs: since(Math.min(ejected?.at ?? Infinity, removed?.at ?? Infinity), fault),
      leftMembershipMs: since(removed?.at, fault),
      convergedMs: Date.now() - restarted,
      notes: 'left = lease expiry (TTL 2 s); converged = restart → rejoined',
    };
  });
}

/** SIGTERM each replica in turn, start it again, wait until it is back before the next. */
export function rollingRestart(cluster: NetCluster): Promise<ScenarioReport> {
  return underLoad(cluster, async () => {
    let failoverMs = 0;
    let leftMs = 0;
    let convergedMs = 0;
    for (const replica of cluster.replicas) {
      const fault = Date.now();
      await replica.stop('SIGTERM');
      const removed = cluster.firstEvent('removed', replica.url, fault);
      const ejected = cluster.firstEvent('ejected', replica.url, fault);
      const left = Math.min(removed?.at ?? Infinity, ejected?.at ?? Infinity);
      failoverMs = Math.max(failoverMs, left - fault);
      leftMs = Math.max(leftMs, (removed?.at ?? Infinity) - fault);
      const restarted = Date.now();
      await replica.start();
      await allBack(cluster);
      convergedMs = Math.max(convergedMs, Date.now() - restarted);
    }
    return {
      name: 'rolling restart (SIGTERM, restart, next)',
      failoverMs,
      leftMembershipMs: Number.isFinite(leftMs) ? leftMs : undefined,
      convergedMs,
      notes: 'worst of the three steps; a graceful stop deregisters before it drains',
    };
  });
}

/**
 * Puts one replica behind a slow link (a proxy in its namespace holding every
 * chunk `delayMs` each way, registered instead of the replica's own port) for
 * `holdMs`, then back. The pool has no latency-based ejection: the figure shows
 * what a slow member costs.
 */
export function slowLink(cluster: NetCluster, delayMs = 100, holdMs = 5000): Promise<ScenarioReport> {
  const target = cluster.replicas[2]!;
  const proxyPort = SERVICE_PORT + 1;
  return underLoad(cluster, async () => {
    const stopProxy = await cluster.startDelayProxy(target.host, proxyPort, delayMs);
    let ejections: number;
    try {
      await target.stop('SIGTERM');
      await target.start(proxyPort);
      await allBack(cluster);
      const slowFrom = Date.now();
      await sleep(holdMs);
      const slowUrl = target.url;
      ejections = cluster.events.filter(
        (e) => e.kind === 'ejected' && e.url === slowUrl && e.at >= slowFrom,
      ).length;
      await target.stop('SIGTERM');
    } finally {
      stopProxy();
    }
    const restarted = Date.now();
    await target.start();
    await allBack(cluster);
    return {
      name: `slow link to replica2 (+${String(delayMs)} ms each way through a proxy, ${String(holdMs / 1000)} s)`,
      failoverMs: undefined,
      leftMembershipMs: undefined,
      convergedMs: Date.now() - restarted,
      notes: `ejected ${String(ejections)} times while slow; converged = restart on its own port → rejoined`,
    };
  });
}

/** Every scenario, in order, on one cluster. */
export const SCENARIOS = [
  blackholeReplica,
  partitionEtcdMember,
  killAndRestart,
  rollingRestart,
  slowLink,
] as const;

/** The reports as a Markdown table. */
export function reportTable(reports: readonly ScenarioReport[]): string {
  const ms = (value: number | undefined): string =>
    value === undefined || !Number.isFinite(value) ? '—' : String(Math.round(value));
  const lines = [
    '| scenario | calls | ok | not-executed | unknown | fault | duplicates | dishonest | ok p50 / p99 ms | failover ms | left membership ms | converged ms | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of reports) {
    lines.push(
      `| ${r.name} | ${String(r.calls)} | ${String(r.outcomes.ok)} | ${String(r.outcomes['not-executed'])} | ${String(r.outcomes.unknown)} | ${String(r.outcomes.fault)} | ${String(r.duplicates)} | ${String(r.dishonest)} | ${ms(r.okP50Ms)} / ${ms(r.okP99Ms)} | ${ms(r.failoverMs)} | ${ms(r.leftMembershipMs)} | ${ms(r.convergedMs)} | ${r.notes} |`,
    );
  }
  return lines.join('\n');
}
