import type { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';

import type { DnsRecordType } from './DnsDiscoveryOptions.js';

/** What to look up and how to make member URLs of the answer. */
export interface DnsMemberQuery {
  readonly name: string;
  readonly recordType: DnsRecordType;
  /** The members' port for A/AAAA records (SRV records carry their own). */
  readonly port: number | undefined;
  readonly scheme: 'http' | 'https';
  readonly path: string;
}

/** The members a lookup found. */
export interface DnsAnswer {
  /** Member URLs, sorted, each once; empty when the name has no such records. */
  readonly urls: readonly string[];
  /** The smallest TTL of the address records, in seconds; undefined when none came back. */
  readonly ttlSeconds: number | undefined;
  /** SRV targets that resolved to no address (skipped). */
  readonly unresolvedTargets: readonly string[];
}

/** One address of a member, with the TTL of its record (none for a literal address). */
interface Address {
  readonly address: string;
  readonly ttl: number | undefined;
}

/**
 * Looks `query.name` up with `resolver` and makes a member URL of each
 * address found: `<scheme>://<address>:<port><path>`.
 *
 * An answer of no records (NXDOMAIN or NODATA: node's `ENOTFOUND`,
 * `ENODATA`) is an empty answer, not an error; anything else (a server that
 * refuses, fails or does not answer) rejects, so the caller can tell "no
 * members" from "cannot know". Of SRV records only those of the lowest
 * priority are used (RFC 2782: higher ones are backups); weights are not.
 */
export async function lookupDnsMembers(resolver: Resolver, query: DnsMemberQuery): Promise<DnsAnswer> {
  const found: { address: Address; port: number }[] = [];
  const unresolvedTargets: string[] = [];
  if (query.recordType === 'SRV') {
    const records = await resolver.resolveSrv(query.name).catch(noRecords);
    const lowest = Math.min(...records.map((record) => record.priority));
    const chosen = records.filter((record) => record.priority === lowest);
    const targets = await Promise.all(
      chosen.map(async (record) => ({
        record,
        addresses: await addressesOf(resolver, record.name, 'A+AAAA'),
      })),
    );
    for (const { record, addresses } of targets) {
      if (addresses.length === 0) unresolvedTargets.push(record.name);
      for (const address of addresses) found.push({ address, port: record.port });
    }
  } else {
    const port = query.port ?? 0;
    for (const address of await addressesOf(resolver, query.name, query.recordType))
      found.push({ address, port });
  }
  const urls = new Set(found.map(({ address, port }) => memberUrl(query, address.address, port)));
  const ttls = found.flatMap(({ address }) => (address.ttl === undefined ? [] : [address.ttl]));
  return {
    urls: [...urls].sort(),
    ttlSeconds: ttls.length === 0 ? undefined : Math.min(...ttls),
    unresolvedTargets,
  };
}

/** The addresses of `host` (itself when it is an address already, as some SRV targets are). */
async function addressesOf(
  resolver: Resolver,
  host: string,
  type: Exclude<DnsRecordType, 'SRV'>,
): Promise<Address[]> {
  if (isIP(host) !== 0) return [{ address: host, ttl: undefined }];
  const lookups: Promise<Address[]>[] = [];
  if (type !== 'AAAA') lookups.push(resolver.resolve4(host, { ttl: true }).catch(noRecords));
  if (type !== 'A') lookups.push(resolver.resolve6(host, { ttl: true }).catch(noRecords));
  return (await Promise.all(lookups)).flat();
}

/** `[]` for an answer of no records; rethrows any other failure. */
function noRecords(error: unknown): never[] {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOTFOUND' || code === 'ENODATA') return [];
  throw error;
}

function memberUrl(query: DnsMemberQuery, address: string, port: number): string {
  const host = isIP(address) === 6 ? `[${address}]` : address;
  return `${query.scheme}://${host}:${String(port)}${query.path}`;
}
