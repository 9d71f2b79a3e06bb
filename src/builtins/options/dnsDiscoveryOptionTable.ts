import type { OptionTable } from '../../container/index.js';
import type { DnsDiscoveryOptions } from '../../discovery/dns/index.js';
import { DNS_RECORD_TYPES } from '../../discovery/dns/index.js';

/**
 * Every option of `class="DnsDiscovery"`: the one definition its descriptor,
 * `spindle check`, the schemas and the docs' table come from.
 */
export const dnsDiscoveryOptionTable = {
  name: {
    kind: 'string',
    required: true,
    default: 'required',
    doc: 'the DNS name to resolve: `_service._proto.name` for SRV records, a host name for A/AAAA',
  },
  recordType: {
    kind: 'string',
    enum: DNS_RECORD_TYPES,
    default: '`SRV` when `name` starts with `_`, else `A+AAAA`',
    doc: 'the records asked for; SRV targets are resolved to their A and AAAA addresses',
  },
  port: {
    kind: 'integer',
    min: 1,
    max: 65_535,
    default: 'required for A/AAAA; not allowed with SRV',
    doc: 'the port of every member found by A/AAAA records (SRV records carry their own)',
  },
  scheme: {
    kind: 'string',
    enum: ['http', 'https'],
    default: '`http`',
    doc: 'the URL scheme of the members',
  },
  path: {
    kind: 'string',
    default: '`/`',
    doc: "the URL path of the service on each member (the exporter's `/<serviceName>`)",
  },
  servers: {
    kind: 'string-list',
    default: "the system's (`/etc/resolv.conf`)",
    doc: 'DNS servers to ask: IP addresses, each with an optional port (`127.0.0.1:5353`, `[::1]:53`)',
  },
  refreshIntervalMs: {
    kind: 'integer',
    min: 1,
    default: '`30000`',
    doc: "longest time between two lookups; a shorter TTL of the answer's records brings the next one forward",
  },
  minRefreshIntervalMs: {
    kind: 'integer',
    min: 0,
    default: '`1000`',
    doc: 'shortest time between two lookups, whatever the TTL',
  },
  retryDelayMs: {
    kind: 'integer',
    min: 1,
    default: '`1000`',
    doc: 'delay before retrying a failed lookup, doubled after each failure up to `refreshIntervalMs`',
  },
  timeoutMs: {
    kind: 'integer',
    min: 1,
    default: '`2000`',
    doc: 'time allowed for one try of one query',
  },
  tries: {
    kind: 'integer',
    min: 1,
    default: '`2`',
    doc: 'tries of each query against each server',
  },
  logger: {
    kind: 'ref',
    default: "the context's logger",
    doc: 'where membership changes and failed lookups are logged',
  },
} as const satisfies OptionTable<DnsDiscoveryOptions>;
