import { ClassRegistry } from '../container/index.js';
import { dnsDiscoveryDescriptor } from './dnsDiscoveryDescriptor.js';
import { highAvailabilityProxyDescriptor } from './highAvailabilityProxyDescriptor.js';
import { etcdDiscoveryDescriptor, etcdRegistrationDescriptor } from './etcdDescriptors.js';
import { exporterDescriptor } from './exporterDescriptor.js';
import { proxyFactoryDescriptor } from './proxyFactoryDescriptor.js';

/**
 * The composition root's registry: every built-in class by the name context
 * files use (DESIGN §3). `container/` never imports remoting code; this file
 * is where the two meet.
 */
export function builtinClasses(): ClassRegistry {
  return new ClassRegistry()
    .registerDescriptor(exporterDescriptor)
    .registerDescriptor(proxyFactoryDescriptor)
    .registerDescriptor(highAvailabilityProxyDescriptor)
    .registerDescriptor(etcdRegistrationDescriptor)
    .registerDescriptor(etcdDiscoveryDescriptor)
    .registerDescriptor(dnsDiscoveryDescriptor);
}
