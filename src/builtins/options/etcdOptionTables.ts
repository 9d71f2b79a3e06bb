import type { OptionTable } from '../../container/index.js';
import type {
  EtcdAuthOptions,
  EtcdConnectionOptions,
  EtcdDiscoveryOptions,
  EtcdRegistrationOptions,
  EtcdTlsOptions,
} from '../../discovery/index.js';
import { objectOption } from './sharedOptionTables.js';

const etcdTlsTable = {
  ca: {
    kind: 'pem',
    required: true,
    default: 'required with `tls`',
    doc: "CA that signed etcd's certificate: PEM text or a file path",
  },
  cert: { kind: 'pem', default: 'none', doc: "client certificate for etcd's `--client-cert-auth`" },
  key: { kind: 'pem', default: 'none', doc: 'private key of `tls.cert`' },
} as const satisfies OptionTable<EtcdTlsOptions>;

const etcdAuthTable = {
  username: { kind: 'string', required: true, default: 'required with `auth`', doc: 'etcd user' },
  password: { kind: 'string', required: true, default: 'required with `auth`', doc: 'its password' },
} as const satisfies OptionTable<EtcdAuthOptions>;

/** How both reach etcd: endpoints, prefix, etcd's own TLS and user/password, timeouts. */
function connectionTable(logs: string): OptionTable<EtcdConnectionOptions & { readonly logger?: unknown }> {
  return {
    endpoints: {
      kind: 'string-list',
      schemes: ['http', 'https'],
      default: '`http://127.0.0.1:2379`',
      doc: 'etcd client URLs',
    },
    prefix: { kind: 'string', default: '`/spindle/services`', doc: 'root of every key Spindle writes' },
    tls: objectOption(etcdTlsTable, 'none', 'TLS towards etcd'),
    auth: objectOption(etcdAuthTable, 'none', 'etcd user and password (role-based access control)'),
    requestTimeoutMs: {
      kind: 'integer',
      min: 1,
      default: '`5000`',
      doc: 'time allowed for one etcd request',
    },
    endpointRetryMs: {
      kind: 'integer',
      min: 0,
      default: '`1000`',
      doc: 'time an endpoint is skipped after 3 failures in a row',
    },
    maxReconnectDelayMs: {
      kind: 'integer',
      min: 0,
      default: '`2000`',
      doc: 'longest wait between two reconnections of a cut watch',
    },
    client: { kind: 'code-only', why: 'an etcd3 client object, given in code' },
    logger: { kind: 'ref', default: "the context's logger", doc: logs },
  } satisfies OptionTable<EtcdConnectionOptions & { readonly logger?: unknown }>;
}

/**
 * Every option of `class="EtcdRegistration"`: the one definition its
 * descriptor, `spindle check`, the schemas and the docs' table come from.
 */
export const etcdRegistrationOptionTable = {
  exporter: {
    kind: 'ref',
    required: true,
    default: 'required',
    doc: 'a ref to the `XmlRpcServiceExporter` to register',
  },
  serviceName: {
    kind: 'string',
    alias: 'service_name',
    default: "the exporter's path without its slash (`default` for `/`)",
    doc: 'the service name in the key',
  },
  id: {
    kind: 'string',
    default: '`host:port` of the URL',
    doc: 'the last part of the key, unique per replica',
  },
  url: {
    kind: 'string',
    schemes: ['http', 'https', 'ssh'],
    default: "the exporter's URL",
    doc: 'the URL clients should use (when the exporter listens on `0.0.0.0` or behind NAT)',
  },
  advertiseHost: {
    kind: 'string',
    default: "the exporter's host",
    doc: 'a host to advertise instead, keeping the port',
  },
  weight: {
    kind: 'number',
    min: 0.001,
    default: 'none: the pool decides (1)',
    doc: "the replica's share of the traffic, written in the registration for pools to weigh it by",
  },
  ttlSeconds: {
    kind: 'integer',
    min: 2,
    alias: 'ttl_seconds',
    default: '`5`',
    doc: 'lease time to live (at least 2); a killed replica leaves pools after about this long',
  },
  deregisterDelayMs: {
    kind: 'integer',
    min: 0,
    default: '`500`',
    doc: 'time between revoking the lease and letting the exporter drain',
  },
  retryDelayMs: {
    kind: 'integer',
    min: 0,
    default: '`500`',
    doc: 'delay between attempts to register again after the lease was lost',
  },
  ...connectionTable('where registrations, losses and retries are logged'),
} as const satisfies OptionTable<EtcdRegistrationOptions>;

/**
 * Every option of `class="EtcdDiscovery"`: the one definition its descriptor,
 * `spindle check`, the schemas and the docs' table come from.
 */
export const etcdDiscoveryOptionTable = {
  serviceName: {
    kind: 'string',
    required: true,
    alias: 'service_name',
    default: 'required',
    doc: 'the service whose registrations make the pool',
  },
  acceptSchemes: {
    kind: 'string-list',
    default: '`http, https`',
    doc: 'accepted URL schemes (`https` alone refuses plain-HTTP registrations)',
  },
  acceptHosts: {
    kind: 'string-list',
    default: 'any host',
    doc: 'accepted hosts: exact names or addresses, or `*.suffix`',
  },
  resyncDelayMs: {
    kind: 'integer',
    min: 0,
    default: '`500`',
    doc: 'delay between attempts to re-read the prefix while etcd is unreachable',
  },
  ...connectionTable('where membership changes and rejected entries are logged'),
} as const satisfies OptionTable<EtcdDiscoveryOptions>;
