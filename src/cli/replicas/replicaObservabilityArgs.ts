import type { ListenAddress } from '../../observability/index.js';
import { ContextUsageError } from '../contextArguments.js';

/** `--metrics` and `--status` as given to `spindle run --replicas N`, before each replica's offset. */
export interface ReplicaObservabilityOptions {
  /** `--metrics host:port`: replica i serves its metrics on port + i. */
  readonly metrics: ListenAddress | undefined;
  /** `--status host:port`: replica i serves its status page on port + i. */
  readonly status: ListenAddress | undefined;
}

/** Hosts that listen on every address, so they meet any other host on the same port. */
const WILDCARDS = new Set(['0.0.0.0', '::', '']);

const sameHost = (a: string, b: string): boolean => a === b || WILDCARDS.has(a) || WILDCARDS.has(b);

/** `host:port`, or `[v6]:port`, as `parseListenAddress` reads it back. */
function formatAddress(address: ListenAddress): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${host}:${String(address.port)}`;
}

/** Replica `replica`'s address: port + replica, as exporters do; port 0 (any free port) stays 0. */
function offset(address: ListenAddress, replica: number): ListenAddress {
  return address.port === 0 ? address : { host: address.host, port: address.port + replica };
}

/**
 * The `--metrics`/`--status` arguments of each replica of `spindle run
 * --replicas N`: replica i gets port + i, the way its exporters get
 * `servicePort + i`. Checked once, before any replica starts (a replica
 * whose port is refused would only crash and be restarted, again and again):
 * every port stays within 65535, and the metrics ports of one replica never
 * land on another replica's status port. The same address for both is fine:
 * each replica then serves both on its one port, as a single process does.
 *
 * @throws ContextUsageError when the addresses cannot work for `count` replicas
 */
export function replicaObservabilityArgs(
  count: number,
  options: ReplicaObservabilityOptions,
): (replica: number) => string[] {
  const named = [
    ['--metrics', options.metrics],
    ['--status', options.status],
  ] as const;
  for (const [name, address] of named) {
    if (address === undefined || address.port === 0) continue;
    const last = address.port + count - 1;
    if (last > 65535) {
      throw new ContextUsageError(
        `${name} ${formatAddress(address)} with --replicas ${String(count)} needs ports up to ${String(last)} (replica i listens on port + i); choose a port of at most ${String(65536 - count)}`,
      );
    }
  }
  const { metrics, status } = options;
  if (
    metrics !== undefined &&
    status !== undefined &&
    metrics.port !== 0 &&
    status.port !== 0 &&
    metrics.port !== status.port &&
    sameHost(metrics.host, status.host) &&
    Math.abs(metrics.port - status.port) < count
  ) {
    // The first clash: replica 0 of the lower port range against the replica whose offset reaches it.
    const metricsFirst = metrics.port < status.port;
    const replica = Math.abs(metrics.port - status.port);
    const clash = metricsFirst
      ? `replica ${String(replica)} would serve metrics on ${formatAddress(offset(metrics, replica))}, replica 0's status page`
      : `replica ${String(replica)} would serve its status page on ${formatAddress(offset(status, replica))}, replica 0's metrics`;
    throw new ContextUsageError(
      `--metrics ${formatAddress(metrics)} and --status ${formatAddress(status)} overlap with --replicas ${String(count)}: ${clash}; give both the same address or ports at least ${String(count)} apart`,
    );
  }
  return (replica) => {
    const args: string[] = [];
    for (const [name, address] of named) {
      if (address !== undefined) args.push(name, formatAddress(offset(address, replica)));
    }
    return args;
  };
}
