import type { ClassDescriptor, DescriptorProblem, StaticOptions } from '../container/index.js';
import { aliasesOf, valueTypesOf } from '../container/index.js';
import { DNS_RECORD_TYPES, DnsDiscovery, dnsOptionProblem } from '../discovery/dns/index.js';
import type { DnsDiscoveryOptions } from '../discovery/dns/index.js';
import { dnsDiscoveryOptionTable } from './options/dnsDiscoveryOptionTable.js';

/**
 * `class="DnsDiscovery"`: the membership of one service from DNS (SRV, or
 * A/AAAA on a port), for a `HighAvailabilityProxy`'s `discovery` property.
 * The pool attaches to it when made and detaches when closed.
 */
export const dnsDiscoveryDescriptor: ClassDescriptor<DnsDiscovery> = {
  name: 'DnsDiscovery',
  properties: valueTypesOf(dnsDiscoveryOptionTable),
  aliases: aliasesOf(dnsDiscoveryOptionTable),
  options: dnsDiscoveryOptionTable,
  check: dnsDiscoveryRules,
  create: (options, context) =>
    new DnsDiscovery({ logger: context.logger, ...options } as DnsDiscoveryOptions),
  destroy: (discovery) => discovery.close(),
};

/**
 * What `DnsDiscovery` refuses across its options, found before it is made
 * (the class asks the same `dnsOptionProblem`). A value not known statically
 * (a placeholder without a setting) is left to the class.
 */
function dnsDiscoveryRules({ values, written }: StaticOptions): DescriptorProblem[] {
  const name = values['name'];
  const recordType = values['recordType'];
  // The default record type follows the name: without either, the port rule cannot be judged.
  if (typeof name !== 'string' && !written.has('recordType')) return [];
  const known = DNS_RECORD_TYPES.find((type) => type === recordType);
  // An unknown type is reported by the option's own enum check.
  if (written.has('recordType') && known === undefined) return [];
  const servers = values['servers'];
  const path = values['path'];
  const problem = dnsOptionProblem({
    name: typeof name === 'string' ? name : '',
    ...(known === undefined ? {} : { recordType: known }),
    // Written is enough: a port given with SRV is refused whatever its value.
    ...(written.has('port') ? { port: typeof values['port'] === 'number' ? values['port'] : 0 } : {}),
    ...(typeof path === 'string' ? { path } : {}),
    ...(Array.isArray(servers) ? { servers: servers.filter((s): s is string => typeof s === 'string') } : {}),
  });
  return problem === undefined ? [] : [{ code: 'SPINDLE_INVALID_ARGUMENT', ...problem }];
}
