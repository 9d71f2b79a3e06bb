/**
 * DNS discovery on its own entry, apart from the etcd code in the folder above,
 * so that what uses it (the root `spindle` entry, the built-ins) does not load
 * etcd3 and gRPC with it.
 */
export { DnsDiscovery } from './DnsDiscovery.js';
export type { DnsDiscoveryEvents } from './DnsDiscovery.js';
export { DNS_RECORD_TYPES, dnsOptionProblem } from './DnsDiscoveryOptions.js';
export type { DnsDiscoveryOptions, DnsRecordType } from './DnsDiscoveryOptions.js';
