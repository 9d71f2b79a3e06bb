import { isIP } from 'node:net';

import type { Logger } from '../../common/index.js';

/**
 * The records a {@link DnsDiscovery} asks for:
 *
 * - `SRV`: `_service._proto.name` gives each member's host and port (what a
 *   Kubernetes headless Service publishes per named port); the target hosts
 *   are then resolved to addresses (A and AAAA).
 * - `A`, `AAAA`, `A+AAAA`: the name's addresses, each a member on `port`
 *   (a headless Service's own name has one A record per ready pod).
 */
export type DnsRecordType = 'SRV' | 'A' | 'AAAA' | 'A+AAAA';

/** Every record type, as files write them. */
export const DNS_RECORD_TYPES: readonly DnsRecordType[] = ['SRV', 'A', 'AAAA', 'A+AAAA'];

/** Options of a {@link DnsDiscovery}. */
export interface DnsDiscoveryOptions {
  /** The DNS name to resolve, e.g. `_xmlrpc._tcp.calculator.shop.svc.cluster.local` or `calculator.internal`. */
  readonly name: string;
  /** The records asked for. @default `SRV` when `name` starts with `_`, else `A+AAAA` */
  readonly recordType?: DnsRecordType;
  /** The port of every member found by A/AAAA records; not allowed with `SRV` (the records carry it). @default required for A/AAAA */
  readonly port?: number;
  /** The URL scheme of the members. @default `'http'` */
  readonly scheme?: 'http' | 'https';
  /** The URL path of the service on each member (the exporter's `/<serviceName>`). @default `'/'` */
  readonly path?: string;
  /** DNS servers to ask, as `address` or `address:port` (`[v6]:port`). @default the system's (`/etc/resolv.conf`) */
  readonly servers?: readonly string[];
  /** Longest time between two lookups, in milliseconds; a shorter record TTL brings the next one forward. @default 30000 */
  readonly refreshIntervalMs?: number;
  /** Shortest time between two lookups, in milliseconds, whatever the TTL (a TTL of 0 must not make a busy loop). @default 1000 */
  readonly minRefreshIntervalMs?: number;
  /** Delay before the first retry after a failed lookup, in milliseconds; doubled after each failure, up to `refreshIntervalMs`. @default 1000 */
  readonly retryDelayMs?: number;
  /** Time allowed for one try of one query, in milliseconds. @default 2000 */
  readonly timeoutMs?: number;
  /** Tries of each query against each server before it fails. @default 2 */
  readonly tries?: number;
  /** Where membership changes and failed lookups are logged. @default silent */
  readonly logger?: Logger;
}

/** The record type asked for `name` when `recordType` is not given. */
export function recordTypeOf(name: string, recordType: DnsRecordType | undefined): DnsRecordType {
  return recordType ?? (name.startsWith('_') ? 'SRV' : 'A+AAAA');
}

/**
 * What is wrong with options a `DnsDiscovery` would refuse, across options
 * (a port missing for A/AAAA or given with SRV, a server that is not an IP
 * address, a path without its leading slash); `undefined` when none is. The
 * class and `spindle check` both ask this.
 */
export function dnsOptionProblem(
  options: Partial<Pick<DnsDiscoveryOptions, 'name' | 'recordType' | 'port' | 'path' | 'servers'>>,
): { readonly option: string; readonly message: string } | undefined {
  const name = options.name ?? '';
  const type = recordTypeOf(name, options.recordType);
  if (type === 'SRV' && options.port !== undefined) {
    return { option: 'port', message: `DnsDiscovery ${name}: SRV records carry the port; remove port` };
  }
  if (type !== 'SRV' && options.port === undefined) {
    return {
      option: 'port',
      message: `DnsDiscovery ${name}: ${type} records carry no port; give port (or ask for SRV records)`,
    };
  }
  if (options.path !== undefined && !options.path.startsWith('/')) {
    return {
      option: 'path',
      message: `DnsDiscovery ${name}: path must start with "/" (got "${options.path}")`,
    };
  }
  for (const server of options.servers ?? []) {
    if (!isServerAddress(server)) {
      return {
        option: 'servers',
        message: `DnsDiscovery ${name}: server "${server}" is not an IP address with an optional port (like 10.96.0.10, 127.0.0.1:5353 or [::1]:53)`,
      };
    }
  }
  return undefined;
}

/** The smallest value of each whole-number option (the option table says the same for files). */
const NUMBER_MINIMUMS = {
  port: 1,
  refreshIntervalMs: 1,
  minRefreshIntervalMs: 0,
  retryDelayMs: 1,
  timeoutMs: 1,
  tries: 1,
} as const satisfies Partial<Record<keyof DnsDiscoveryOptions, number>>;

/**
 * The first whole-number option given in code that is not an integer in its
 * range, as a message; `undefined` when all are. (Context files get the same
 * check from the option table, before anything is made.)
 */
export function dnsNumberProblem(options: DnsDiscoveryOptions): string | undefined {
  for (const [name, min] of Object.entries(NUMBER_MINIMUMS)) {
    const value: unknown = options[name as keyof typeof NUMBER_MINIMUMS];
    if (value === undefined) continue;
    const max = name === 'port' ? 65_535 : Number.MAX_SAFE_INTEGER;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return `DnsDiscovery ${options.name}: ${name} must be an integer from ${String(min)} to ${String(max)}, got ${typeof value === 'number' ? String(value) : typeof value}`;
    }
  }
  return undefined;
}

/** True for `address`, `address:port` or `[v6]:port`, the forms `Resolver.setServers` takes. */
function isServerAddress(server: string): boolean {
  if (isIP(server) !== 0) return true;
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(server);
  if (match === null) return false;
  const family = match[1] === undefined ? isIP(match[2] ?? '') : isIP(match[1]);
  const port = Number(match[3]);
  return family === (match[1] === undefined ? 4 : 6) && port >= 1 && port <= 65_535;
}
