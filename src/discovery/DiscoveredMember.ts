import type { IKeyValue } from 'etcd3';

import type { RegistrationRecord } from './RegistrationRecord.js';
import { parseRegistration } from './RegistrationRecord.js';
import type { UrlPolicy } from './UrlPolicy.js';

/** One accepted registration. */
export interface DiscoveredMember {
  readonly key: string;
  readonly url: string;
  /** The etcd lease the key lives on, as a decimal string. */
  readonly leaseId: string;
  readonly record: RegistrationRecord;
}

/**
 * The member registered under `key` (the text of `kv.key`), when `kv` holds a
 * registration whose URL `policy` accepts; throws the reason otherwise
 * (`parseRegistration`'s, or the policy's `SPINDLE_DISCOVERY_REJECTED_MEMBER`).
 */
export function discoveredMember(key: string, kv: IKeyValue, policy: UrlPolicy): DiscoveredMember {
  const record = parseRegistration(key, kv.value.toString());
  const url = policy.check(key, record.url);
  return { key, url, leaseId: kv.lease, record };
}
