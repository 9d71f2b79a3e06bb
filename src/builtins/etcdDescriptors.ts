import type { ClassDescriptor } from '../container/index.js';
import { aliasesOf, ContainerError, valueTypesOf } from '../container/index.js';
import type {
  EtcdDiscovery,
  EtcdDiscoveryOptions,
  EtcdRegistration,
  EtcdRegistrationOptions,
} from '../discovery/index.js';
import { XmlRpcServiceExporter } from '../exporter/index.js';
import { etcdDiscoveryOptionTable, etcdRegistrationOptionTable } from './options/etcdOptionTables.js';

// The etcd classes (and etcd3 with gRPC under them) are imported only when a context makes
// one: `import 'spindle'` and every context without etcd stay free of them.

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
  properties: valueTypesOf(etcdRegistrationOptionTable),
  aliases: aliasesOf(etcdRegistrationOptionTable),
  options: etcdRegistrationOptionTable,
  create: async (options, context) => {
    if (!(options['exporter'] instanceof XmlRpcServiceExporter)) {
      throw new ContainerError(
        'SPINDLE_INVALID_ARGUMENT',
        'EtcdRegistration: property "exporter" must refer to an XmlRpcServiceExporter',
      );
    }
    const { EtcdRegistration } = await import('../discovery/EtcdRegistration.js');
    return new EtcdRegistration({
      logger: context.logger,
      ...options,
    } as EtcdRegistrationOptions);
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
  properties: valueTypesOf(etcdDiscoveryOptionTable),
  aliases: aliasesOf(etcdDiscoveryOptionTable),
  options: etcdDiscoveryOptionTable,
  create: async (options, context) => {
    const { EtcdDiscovery } = await import('../discovery/EtcdDiscovery.js');
    return new EtcdDiscovery({ logger: context.logger, ...options } as EtcdDiscoveryOptions);
  },
  destroy: (discovery) => discovery.close(),
};
