import type { ClassDescriptor } from '../container/ClassDescriptor.js';
import { ContainerError } from '../container/ContainerError.js';
import { EtcdDiscovery } from '../discovery/EtcdDiscovery.js';
import type { EtcdDiscoveryOptions } from '../discovery/EtcdDiscovery.js';
import { EtcdRegistration } from '../discovery/EtcdRegistration.js';
import type { EtcdRegistrationOptions } from '../discovery/EtcdRegistration.js';
import { XmlRpcServiceExporter } from '../exporter/XmlRpcServiceExporter.js';

/** How both reach etcd: endpoints, prefix, etcd's own TLS and user/password, timeouts. */
const connection = {
  endpoints: 'string-list',
  prefix: 'string',
  tls: { fields: { ca: 'file', cert: 'file', key: 'file' } },
  auth: { fields: { username: 'string', password: 'string' } },
  requestTimeoutMs: 'integer',
  endpointRetryMs: 'integer',
  maxReconnectDelayMs: 'integer',
  logger: 'any',
} as const;

/**
 * `class="EtcdRegistration"`: registers the exporter it refers to
 * (`exporter`) in etcd under a lease. Because it refers to the exporter, the
 * container starts it after the exporter listens and destroys it first at
 * `ctx.close()`: the lease is revoked before the exporter drains. With
 * `spindle run --replicas N` each replica registers its own URL (its port
 * carries the replica offset), under its own key.
 */
export const etcdRegistrationDescriptor: ClassDescriptor<EtcdRegistration> = {
  name: 'EtcdRegistration',
  properties: {
    ...connection,
    exporter: 'any',
    serviceName: 'string',
    id: 'string',
    url: 'string',
    advertiseHost: 'string',
    ttlSeconds: 'integer',
    deregisterDelayMs: 'integer',
    retryDelayMs: 'integer',
  },
  aliases: { service_name: 'serviceName', ttl_seconds: 'ttlSeconds' },
  create: (options, context) => {
    if (!(options['exporter'] instanceof XmlRpcServiceExporter)) {
      throw new ContainerError(
        'SPINDLE_INVALID_ARGUMENT',
        'EtcdRegistration: property "exporter" must refer to an XmlRpcServiceExporter',
      );
    }
    return new EtcdRegistration({
      logger: context.logger,
      ...options,
    } as unknown as EtcdRegistrationOptions);
  },
  init: (registration) => registration.start(),
  destroy: (registration) => registration.close(),
};

/**
 * `class="EtcdDiscovery"`: the membership of one service from etcd, for a
 * `HighAvailabilityProxy`'s `discovery` property. The pool attaches to it
 * when made and detaches when closed; the last detach closes its etcd client.
 */
export const etcdDiscoveryDescriptor: ClassDescriptor<EtcdDiscovery> = {
  name: 'EtcdDiscovery',
  properties: {
    ...connection,
    serviceName: 'string',
    acceptSchemes: 'string-list',
    acceptHosts: 'string-list',
    resyncDelayMs: 'integer',
  },
  aliases: { service_name: 'serviceName' },
  create: (options, context) =>
    new EtcdDiscovery({ logger: context.logger, ...options } as unknown as EtcdDiscoveryOptions),
  destroy: (discovery) => discovery.close(),
};
